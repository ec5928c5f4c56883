import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { signDelivery } from '../delivery/signatures.js';
import type { DeliveryResult, WebhookClient } from '../delivery/webhook-client.js';
import type { EndpointGate } from '../domain/endpoints/endpoint-gate.js';
import { originOf } from '../domain/endpoints/endpoint-registry.js';
import { effectiveOptions, type DeliveryDefaults } from '../domain/jobs/delivery-options.js';
import type { JobEventPublisher } from '../domain/jobs/job-events.js';
import { changesAlong, type JobStatusChange } from '../domain/jobs/job-status.js';
import type { AttemptOutcome, BreakerChange, BreakerSettings, CompletedAttempt, FiringJob, JobStore } from '../domain/jobs/job.store.js';
import type { FiringMetrics } from '../metrics.js';
import { EndpointDrains, type DrainResult } from './endpoint-drains.js';
import { ReadyQueue } from './ready-queue.js';
import { retryDelayMs } from './retry-policy.js';

/** The configuration's delivery defaults and ceilings (a job's own options override them). */
export interface FirerOptions extends DeliveryDefaults {
  metrics?: FiringMetrics;
  endpoints: FiringEndpoints;
  /** Jobs whose attempts this process completed (alerts hear of the DEAD ones here). */
  onCompleted?: (jobs: CompletedAttempt[]) => void;
}

/** What the firing path asks of receiver endpoints: flow control, circuit breakers, health. */
export interface FiringEndpoints {
  gate: EndpointGate;
  breaker: BreakerSettings;
  /** The longest Retry-After honoured, ms. */
  retryAfterMaxMs: number;
  /** An attempt to the endpoint ended (its health). */
  attempted(endpointId: string, attempt: { ok: boolean; receiverFailed: boolean; durationMs: number }): void;
  /** Breakers this process's writes opened or closed. */
  breakersChanged(changes: BreakerChange[]): void;
  /** Held-back endpoints that may let something through and have due jobs waiting. */
  backlogged(): Promise<Array<{ id: string; origin: string }>>;
}

const NO_METRICS: FiringMetrics = { fired: () => undefined, attempted: () => undefined, held: () => undefined, breakerChanged: () => undefined };

/**
 * How long a lease outlasts what it covers before another worker may take the job over: a
 * claim its due time, a FIRING attempt its DELIVERY_TIMEOUT. It only has to cover event-loop
 * stalls and clock-free round trips (lease times are the database's), and it bounds how
 * late the jobs of a crashed worker fire.
 */
export const LEASE_GRACE_MS = 10_000;
/** How soon a write that failed (database unreachable) is tried again. */
const STORE_RETRY_MS = 1_000;
/** On stop, how long past DELIVERY_TIMEOUT outcomes may wait for the database before they are given up. */
const STOP_GRACE_MS = 5_000;
/** Retries due sooner than this are kept and timed here rather than handed back to Agenda. */
export const KEEP_RETRY_WITHIN_MS = 60_000;
const CLAIM_BATCH = 5_000;
/** Attempts started by one UPDATE when many are due at the same instant. */
const START_CHUNK = 1_000;
/**
 * Due times are grouped into windows this long, and a window's attempts are started by one
 * UPDATE START_LEAD_MS before it opens; each request still goes out at its own due
 * millisecond. At 500 jobs a second that is one start statement (and one commit) for twenty
 * jobs rather than one for each; the price is that an attempt is FIRING (a cancel refused)
 * up to START_WINDOW_MS + START_LEAD_MS before its request is sent.
 */
export const START_WINDOW_MS = 40;
export const START_LEAD_MS = 10;
/**
 * Outcomes are written at most this often (one statement and one commit for all that ended
 * meanwhile). At a steady trickle the commits are most of what PostgreSQL spends per fired
 * job: 25 ms rather than 10 (with 40 ms start windows rather than 20) took a third off it.
 * The price: a job's SUCCESS is written up to this long after the receiver answered.
 */
export const COMPLETE_INTERVAL_MS = 25;
/**
 * Attempts in flight to one receiver origin: twice the client's connections to it, enough
 * to keep them busy. Anything more would only queue, holding memory, inside the client.
 */
export const PER_ORIGIN_IN_FLIGHT = 256;
/** Attempts in flight in this process, whatever their receivers. */
export const MAX_IN_FLIGHT = 4_096;

/**
 * Fires claimed attempts at their exact millisecond. Jobs are claimed in batches (by the
 * Agenda window job, the reconciler, or right after scheduling), held on one timer per
 * start window (START_WINDOW_MS), started together with one UPDATE just before the window
 * opens, each sent at its own due millisecond, and completed in batches. The job row's lease owner and attempt number fence every write. When receivers
 * are slower than the work comes due, due attempts wait (as claims, not started) for a
 * delivery slot: see ReadyQueue.
 */
export class Firer {
  /** This process's lease identity. */
  readonly owner = randomUUID();
  /** Claimed jobs by start window (see START_WINDOW_MS), and each window's timer. */
  private readonly due = new Map<number, Set<string>>();
  private readonly timers = new Map<number, NodeJS.Timeout>();
  /**
   * Claimed jobs not yet started (on a timer or waiting for a slot): the due time they are
   * armed for and their receiver's origin. A job moved meanwhile (edited, run now) is armed
   * again with its new due time; entries for the old one are then stale and skipped.
   */
  private readonly held = new Map<string, Hold>();
  private readonly ready = new ReadyQueue<Hold & { id: string }>(PER_ORIGIN_IN_FLIGHT, MAX_IN_FLIGHT);
  /** Gate passes of the held-back endpoints with jobs due here. */
  private readonly drains: EndpointDrains;
  private pumpPlanned = false;
  private pumping = false;
  private pumpAgain = false;
  private readonly inFlight = new Set<Promise<void>>();
  /** Outcomes waiting to be written, each with the delivery waiting on it. */
  private pending: Array<{ outcome: AttemptOutcome; written: () => void }> = [];
  private flushPlanned = false;
  private flushing = false;
  private lastFlushAt = 0;
  private stopping = false;
  /** Set when a stop has waited long enough: unwritten outcomes are dropped (the lease expires and another worker settles them). */
  private givingUp = false;

  constructor(
    private readonly store: JobStore,
    private readonly client: WebhookClient,
    private readonly events: JobEventPublisher,
    private readonly options: FirerOptions,
    private readonly log: Logger,
    /** Called with the due time of retries handed back (not kept here). */
    private readonly onRetryReleased: (dueAt: Date) => Promise<void>,
  ) {
    this.drains = new EndpointDrains((endpointId, origin) => this.gatePass(endpointId, origin), log);
  }

  /** Claims and arms every unclaimed job due before `until`. Returns how many were claimed. */
  async claimDue(until: Date): Promise<number> {
    if (this.stopping) return 0;
    let total = 0;
    for (;;) {
      const claimed = await this.store.claimDue(this.owner, until, LEASE_GRACE_MS, CLAIM_BATCH);
      this.arm(claimed);
      total += claimed.length;
      if (claimed.length < CLAIM_BATCH) return total;
    }
  }

  /** Claims specific jobs (just scheduled) and arms them. */
  async claimIds(ids: string[]): Promise<void> {
    if (this.stopping || ids.length === 0) return;
    this.arm(await this.store.claimIds(this.owner, ids, LEASE_GRACE_MS));
  }

  /** Jobs whose outcome this process holds but has not written yet (not abandoned, just delayed). */
  get unwritten(): ReadonlySet<string> {
    return new Set(this.pending.map(({ outcome }) => outcome.jobId));
  }

  /** Attempts due and waiting for a delivery slot, and attempts being delivered, in this process. */
  get load(): { waiting: number; inFlight: number } {
    return { waiting: this.ready.size, inFlight: this.ready.inFlight };
  }

  /** Holds claimed jobs on the timer of their due millisecond; a job held for another time moves. */
  arm(jobs: Array<{ id: string; dueAt: Date; webhookUrl: string; endpointId: string | null }>): void {
    for (const { id, dueAt, webhookUrl, endpointId } of jobs) {
      const at = dueAt.getTime();
      const previous = this.held.get(id);
      // Claimed again while it waited here (its lease had run out): it is armed already.
      if (previous?.dueAt === at) continue;
      if (previous) this.unschedule(id, previous.dueAt);
      this.held.set(id, { dueAt: at, origin: originOf(webhookUrl), endpointId });
      const window = Math.floor(at / START_WINDOW_MS);
      let ids = this.due.get(window);
      if (!ids) {
        ids = new Set();
        this.due.set(window, ids);
        this.timers.set(window, setTimeout(() => this.fire(window), Math.max(0, window * START_WINDOW_MS - START_LEAD_MS - Date.now())));
      }
      ids.add(id);
    }
  }

  private unschedule(id: string, at: number): void {
    const window = Math.floor(at / START_WINDOW_MS);
    const ids = this.due.get(window);
    if (!ids?.delete(id) || ids.size > 0) return;
    clearTimeout(this.timers.get(window));
    this.timers.delete(window);
    this.due.delete(window);
  }

  /** A start window is about to open: its attempts go to be started (in due order), gated ones to their endpoint's gate at their due time. */
  private fire(window: number): void {
    const ids = this.due.get(window);
    this.due.delete(window);
    this.timers.delete(window);
    if (!ids || this.stopping) return;
    const { gate } = this.options.endpoints;
    const holds = [...ids].map((id) => ({ id, ...this.held.get(id)! })).sort((a, b) => a.dueAt - b.dueAt);
    for (const hold of holds) {
      if (gate.holds(hold.endpointId)) {
        // Its endpoint's gate starts it once due, in due order with the endpoint's other jobs.
        this.held.delete(hold.id);
        const endpointId = hold.endpointId;
        setTimeout(() => this.drains.kick(endpointId, hold.origin, 'due'), Math.max(0, hold.dueAt - Date.now()));
      } else {
        this.ready.add(hold);
      }
    }
    this.pump();
  }

  /**
   * One gate pass for an endpoint: what it lets through is started in the database and
   * delivered from here, within this process's own slots for the origin.
   */
  private async gatePass(endpointId: string, origin: string): Promise<DrainResult> {
    const room = this.ready.reserve(origin, START_CHUNK);
    // This process's slots for the origin are full: an attempt ending here asks again.
    if (room === 0) return { retryInMs: KEEP_RETRY_WITHIN_MS, reason: null };
    let started: FiringJob[];
    let result: DrainResult;
    try {
      ({ started, ...result } = await this.options.endpoints.gate.pass(endpointId, this.owner, room, this.leaseMs));
    } catch (error) {
      this.ready.release(origin, room);
      throw error;
    }
    this.ready.release(origin, room - started.length);
    for (const job of started) if (job.heldMs !== null && job.heldReason !== null) (this.options.metrics ?? NO_METRICS).held(job.heldReason, job.heldMs);
    this.begin(started);
    return result;
  }

  /**
   * A reconciler pass over held-back endpoints: re-reads which are gated; ends their due
   * jobs past expiresAt (started here and ended as expired, without a request, rather than
   * waiting for the endpoint); and starts gate passes for backlogs nobody here holds (their
   * worker died, or the endpoint was resumed on another process).
   */
  async tendEndpoints(): Promise<void> {
    if (this.stopping) return;
    const { gate } = this.options.endpoints;
    await gate.refresh();
    const expired = await this.store.startExpiredHeld(this.owner, this.leaseMs, CLAIM_BATCH);
    for (const job of expired) this.ready.occupy(originOf(job.webhookUrl), 1);
    this.begin(expired);
    for (const { id, origin } of await this.options.endpoints.backlogged()) this.drains.kick(id, origin, 'due');
  }

  /** An endpoint's settings or breaker changed (here or on another process): gated or not, a pass now lets its due jobs go as it now allows. */
  endpointChanged(endpointId: string, origin: string): void {
    if (this.stopping) return;
    this.track(this.options.endpoints.gate.refresh().then(() => this.drains.kick(endpointId, origin, 'changed')));
  }

  private get leaseMs(): number {
    return this.options.deliveryTimeoutMs + LEASE_GRACE_MS;
  }

  /**
   * Publishes attempts just started (SCHEDULED → FIRING) and delivers each at its due
   * millisecond (at once if that has passed); each holds a slot.
   */
  private begin(started: FiringJob[]): void {
    if (started.length === 0) return;
    this.events.publish(started.flatMap((job) => changesAlong(['SCHEDULED', 'FIRING'], job, job.updatedAt)));
    const byDue = new Map<number, FiringJob[]>();
    for (const job of started) {
      const at = job.dueAt.getTime();
      const jobs = byDue.get(at);
      if (jobs) jobs.push(job);
      else byDue.set(at, [job]);
    }
    for (const [at, jobs] of byDue) {
      const wait = at - Date.now();
      if (wait <= 0) for (const job of jobs) this.track(this.deliver(job));
      else this.track(new Promise<void>((resolve) => setTimeout(resolve, wait)).then(() => Promise.all(jobs.map((job) => this.deliver(job)))).then(() => undefined));
    }
  }

  private track(work: Promise<void>): void {
    const tracked = work.catch((error) => this.log.error({ err: error }, 'firing failed')).finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  /**
   * Starts what may start now; called when attempts come due and when slots free up. Calls
   * in the same turn of the event loop are one pass, so slots freed together are filled by
   * one UPDATE.
   */
  private pump(): void {
    if (this.pumpPlanned) return;
    this.pumpPlanned = true;
    setImmediate(() => {
      this.pumpPlanned = false;
      if (this.pumping) {
        this.pumpAgain = true;
        return;
      }
      this.pumping = true;
      this.track(
        this.startReady().finally(() => {
          this.pumping = false;
          if (this.pumpAgain) {
            this.pumpAgain = false;
            this.pump();
          }
        }),
      );
    });
  }

  /**
   * Starts waiting attempts START_CHUNK at a time (the first requests go out while the
   * database starts the rest), as long as there are free slots.
   */
  private async startReady(): Promise<void> {
    const { leaseMs } = this;
    while (!this.stopping) {
      const taken = this.ready.take(START_CHUNK);
      if (taken.length === 0) return;
      // Moved since it was queued (edited, run now): its current hold is on another timer.
      const batch = taken.filter((entry) => this.held.get(entry.id)?.dueAt === entry.dueAt);
      for (const stale of taken.filter((entry) => !batch.includes(entry))) this.ready.release(stale.origin);
      if (batch.length === 0) continue;
      let started: FiringJob[];
      try {
        started = await this.store.startAttempts(this.owner, batch.map(({ id, dueAt }) => ({ id, dueAt: new Date(dueAt) })), leaseMs);
      } catch (error) {
        // The database is unreachable: the claims still hold, so keep trying rather than
        // leave the jobs until their leases run out.
        this.log.warn({ err: error, jobs: batch.length }, 'could not start attempts; trying again');
        this.ready.putBack(batch);
        setTimeout(() => this.pump(), STORE_RETRY_MS).unref();
        return;
      }
      const startedIds = new Set(started.map(({ id }) => id));
      const refused: Array<Hold & { id: string }> = [];
      for (const entry of batch) {
        if (this.held.get(entry.id)?.dueAt === entry.dueAt) this.held.delete(entry.id);
        if (startedIds.has(entry.id)) continue;
        // Cancelled, moved, taken over by another worker, or its endpoint is held back now.
        this.ready.release(entry.origin);
        if (entry.endpointId !== null) refused.push(entry);
      }
      if (refused.length > 0) this.track(this.regate(refused));
      this.begin(started);
    }
  }

  /** Attempts refused because their endpoint became gated go to its gate (the others were cancelled or moved). */
  private async regate(refused: Array<Hold & { id: string }>): Promise<void> {
    const { gate } = this.options.endpoints;
    await gate.refresh();
    for (const entry of refused) if (gate.holds(entry.endpointId)) this.drains.kick(entry.endpointId, entry.origin, 'due');
  }

  private async deliver(job: FiringJob): Promise<void> {
    const metrics = this.options.metrics ?? NO_METRICS;
    const endpoints = this.options.endpoints;
    const firedAt = new Date();
    const options = effectiveOptions(job, this.options);
    const result = job.expiresAt && firedAt.getTime() >= job.expiresAt.getTime() ? EXPIRED : await this.send(job, firedAt, options);
    const origin = originOf(job.webhookUrl);
    // The slot is the request's: free it now, not once the outcome is written.
    this.ready.release(origin);
    this.pump();
    // A Retry-After answer holds the endpoint back; it is not a failure its breaker counts.
    const retryAfterMs = result.retryAfterMs == null ? null : Math.min(result.retryAfterMs, endpoints.retryAfterMaxMs);
    const receiverFailed = !result.ok && result !== EXPIRED && retryAfterMs === null;
    if (result !== EXPIRED) {
      metrics.attempted(result.ok ? 'success' : 'failure', result.durationMs);
      if (job.endpointId !== null) endpoints.attempted(job.endpointId, { ok: result.ok, receiverFailed, durationMs: result.durationMs });
    }
    const now = Date.now();
    const nextAttemptAt = result.ok || result === EXPIRED || job.attempt >= options.maxAttempts
      ? null
      : new Date(now + Math.max(retryDelayMs(job.retryCount + 1, options.retryDelaysMs, options.retryMaxDelayMs), retryAfterMs ?? 0));
    await this.complete({
      jobId: job.id, attempt: job.attempt, ok: result.ok, responseCode: result.responseCode, responseBody: result.responseBody,
      firedAt, durationMs: result.durationMs, error: result.error, nextAttemptAt,
      keepLease: nextAttemptAt !== null && nextAttemptAt.getTime() - Date.now() < KEEP_RETRY_WITHIN_MS && !this.stopping,
      receiverFailed, retryAfterUntil: retryAfterMs === null ? null : new Date(now + retryAfterMs),
    });
    // Its endpoint may have been waiting for this attempt to end (parallelism, a probe).
    if (job.endpointId !== null && endpoints.gate.holds(job.endpointId)) this.drains.kick(job.endpointId, origin, 'freed');
  }

  /** One HTTP attempt: the body with the payload's own text, the job's headers, then the signatures. */
  private async send(job: FiringJob, firedAt: Date, options: ReturnType<typeof effectiveOptions>): Promise<DeliveryResult> {
    (this.options.metrics ?? NO_METRICS).fired(firedAt.getTime() - job.dueAt.getTime());
    const body = `{"jobId":${JSON.stringify(job.id)},"title":${JSON.stringify(job.title)},"payload":${job.payload},"firedAt":"${firedAt.toISOString()}"}`;
    const headers = { ...options.headers, ...scheduleHeaders(job), ...signDelivery({ messageId: job.id, body, secrets: job.signingSecrets, timestamp: firedAt }) };
    return this.client.deliver({ url: job.webhookUrl, body, headers, timeoutMs: options.timeoutMs, attempt: { jobId: job.id, number: job.attempt, traceContext: job.traceContext } });
  }

  /**
   * Queues an outcome; outcomes finishing together are written in one statement. Resolves
   * once written: while the database is unreachable the write is retried, and the delivery
   * stays in flight.
   */
  private complete(outcome: AttemptOutcome): Promise<void> {
    return new Promise((written) => {
      this.pending.push({ outcome, written });
      this.planFlush(0);
    });
  }

  private planFlush(delayMs: number): void {
    if (this.flushPlanned) return;
    this.flushPlanned = true;
    // Outcomes ending within COMPLETE_INTERVAL_MS of the last write share the next one.
    const wait = Math.max(delayMs, this.lastFlushAt + COMPLETE_INTERVAL_MS - Date.now());
    const run = () => {
      this.flushPlanned = false;
      void this.flush();
    };
    if (wait <= 0) setImmediate(run);
    else setTimeout(run, wait);
  }

  /** Writes the outcomes waiting, one write at a time (the next takes all that ended meanwhile); once giving up, without waiting for one in progress. */
  private async flush(): Promise<void> {
    if (this.flushing && !this.givingUp) return;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    this.flushing = true;
    this.lastFlushAt = Date.now();
    try {
      await this.write(batch);
    } finally {
      this.flushing = false;
      if (this.pending.length > 0) this.planFlush(0);
    }
  }

  private async write(batch: Array<{ outcome: AttemptOutcome; written: () => void }>): Promise<void> {
    let completed: CompletedAttempt[];
    let breakerChanges: BreakerChange[];
    try {
      ({ completed, breakerChanges } = await this.store.completeAttempts(
        this.owner, batch.map((b) => b.outcome), this.options.maxAttempts, LEASE_GRACE_MS, this.options.endpoints.breaker,
      ));
    } catch (error) {
      if (this.givingUp) {
        this.log.error({ err: error, attempts: batch.length }, 'could not record attempt outcomes before stopping; they will be settled as interrupted');
        for (const { written } of batch) written();
        return;
      }
      this.log.warn({ err: error, attempts: batch.length }, 'could not record attempt outcomes; trying again');
      this.pending.unshift(...batch);
      this.planFlush(STORE_RETRY_MS);
      return;
    }
    this.published(completed);
    if (breakerChanges.length > 0) {
      // Gated from now (opened); a closed one's backlog goes once its change is announced.
      for (const change of breakerChanges) if (change.open) this.options.endpoints.gate.hold(change.endpointId);
      this.options.endpoints.breakersChanged(breakerChanges);
    }
    const byId = new Map(batch.map(({ outcome }) => [outcome.jobId, outcome]));
    // A Retry-After holds the endpoint back from now, here at once and elsewhere once refused.
    for (const job of completed) if (job.endpointId !== null && byId.get(job.id)!.retryAfterUntil) this.options.endpoints.gate.hold(job.endpointId);
    const kept: Array<{ id: string; dueAt: Date; webhookUrl: string; endpointId: string | null }> = [];
    for (const job of completed) {
      const outcome = byId.get(job.id)!;
      if (job.status !== 'SCHEDULED' || !outcome.nextAttemptAt) continue;
      if (outcome.keepLease) kept.push({ id: job.id, dueAt: outcome.nextAttemptAt, webhookUrl: job.webhookUrl, endpointId: job.endpointId });
      // Best effort: the reconciler re-creates a missing window job before it is due.
      else await this.onRetryReleased(outcome.nextAttemptAt).catch((error) => this.log.warn({ err: error }, 'could not arm a retry window'));
    }
    this.arm(kept);
    for (const { written } of batch) written();
  }

  /** Publishes what a batch of completions did, in lifecycle order. */
  published(completed: CompletedAttempt[]): void {
    this.options.onCompleted?.(completed);
    const changes: JobStatusChange[] = [];
    for (const job of completed) {
      const before = { ...job, retryCount: job.previousRetryCount };
      const path = job.status === 'SUCCESS' ? (['FIRING', 'SUCCESS'] as const) : (['FIRING', 'FAILED', job.status] as const);
      changes.push(...changesAlong(path, before, job.updatedAt, job.retryCount));
    }
    this.events.publish(changes);
  }

  /**
   * Stops arming new attempts, lets deliveries in flight finish (each is bounded by
   * DELIVERY_TIMEOUT) and gives back claims on attempts that have not started.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.drains.stop();
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.due.clear();
    // Claims not started are given back below.
    this.ready.clear();
    this.held.clear();
    // Deliveries end within DELIVERY_TIMEOUT; their outcomes get a little longer to reach
    // a database that may be down, then are given up.
    const giveUp = setTimeout(() => {
      this.givingUp = true;
      this.planFlush(0);
    }, this.options.deliveryTimeoutMs + STOP_GRACE_MS);
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    clearTimeout(giveUp);
    await this.store.releaseClaims(this.owner).catch((error) => this.log.warn({ err: error }, 'could not release claims'));
  }
}

/** An attempt that could not start before the job's expiresAt: not sent, and the job goes DEAD. */
const EXPIRED: DeliveryResult = { ok: false, responseCode: null, responseBody: null, durationMs: 0, error: 'expired' };

interface Hold {
  dueAt: number;
  origin: string;
  endpointId: string | null;
}

/** A schedule's run says which schedule and which occurrence it is. */
function scheduleHeaders(job: FiringJob): Record<string, string> {
  if (!job.scheduleId || !job.scheduledFor) return {};
  return { 'x-dispatch-schedule-id': job.scheduleId, 'x-dispatch-scheduled-for': job.scheduledFor.toISOString() };
}
