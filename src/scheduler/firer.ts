import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { signDelivery } from '../delivery/signatures.js';
import type { DeliveryResult, WebhookClient } from '../delivery/webhook-client.js';
import { effectiveOptions, type DeliveryDefaults } from '../domain/jobs/delivery-options.js';
import type { JobEventPublisher } from '../domain/jobs/job-events.js';
import { changesAlong, type JobStatusChange } from '../domain/jobs/job-status.js';
import type { AttemptOutcome, CompletedAttempt, FiringJob, JobStore } from '../domain/jobs/job.store.js';
import type { FiringMetrics } from '../metrics.js';
import { ReadyQueue } from './ready-queue.js';
import { retryDelayMs } from './retry-policy.js';

/** The configuration's delivery defaults and ceilings (a job's own options override them). */
export interface FirerOptions extends DeliveryDefaults {
  metrics?: FiringMetrics;
}

const NO_METRICS: FiringMetrics = { fired: () => undefined, attempted: () => undefined };

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
 * Attempts in flight to one receiver origin: twice the client's connections to it, enough
 * to keep them busy. Anything more would only queue, holding memory, inside the client.
 */
export const PER_ORIGIN_IN_FLIGHT = 256;
/** Attempts in flight in this process, whatever their receivers. */
export const MAX_IN_FLIGHT = 4_096;

/**
 * Fires claimed attempts at their exact millisecond. Jobs are claimed in batches (by the
 * Agenda window job, the reconciler, or right after scheduling), held on one timer per due
 * millisecond, started together with one UPDATE, delivered concurrently, and completed in
 * batches. The job row's lease owner and attempt number fence every write. When receivers
 * are slower than the work comes due, due attempts wait (as claims, not started) for a
 * delivery slot: see ReadyQueue.
 */
export class Firer {
  /** This process's lease identity. */
  readonly owner = randomUUID();
  private readonly due = new Map<number, Set<string>>();
  private readonly timers = new Map<number, NodeJS.Timeout>();
  /**
   * Claimed jobs not yet started (on a timer or waiting for a slot): the due time they are
   * armed for and their receiver's origin. A job moved meanwhile (edited, run now) is armed
   * again with its new due time; entries for the old one are then stale and skipped.
   */
  private readonly held = new Map<string, Hold>();
  private readonly ready = new ReadyQueue<Hold & { id: string }>(PER_ORIGIN_IN_FLIGHT, MAX_IN_FLIGHT);
  private pumpPlanned = false;
  private pumping = false;
  private pumpAgain = false;
  private readonly inFlight = new Set<Promise<void>>();
  /** Outcomes waiting to be written, each with the delivery waiting on it. */
  private pending: Array<{ outcome: AttemptOutcome; written: () => void }> = [];
  private flushPlanned = false;
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
  ) {}

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
  arm(jobs: Array<{ id: string; dueAt: Date; webhookUrl: string }>): void {
    for (const { id, dueAt, webhookUrl } of jobs) {
      const at = dueAt.getTime();
      const previous = this.held.get(id);
      // Claimed again while it waited here (its lease had run out): it is armed already.
      if (previous?.dueAt === at) continue;
      if (previous) this.unschedule(id, previous.dueAt);
      this.held.set(id, { dueAt: at, origin: originOf(webhookUrl) });
      let ids = this.due.get(at);
      if (!ids) {
        ids = new Set();
        this.due.set(at, ids);
        this.timers.set(at, setTimeout(() => this.fire(at), Math.max(0, at - Date.now())));
      }
      ids.add(id);
    }
  }

  private unschedule(id: string, at: number): void {
    const ids = this.due.get(at);
    if (!ids?.delete(id) || ids.size > 0) return;
    clearTimeout(this.timers.get(at));
    this.timers.delete(at);
    this.due.delete(at);
  }

  private fire(at: number): void {
    const ids = this.due.get(at);
    this.due.delete(at);
    this.timers.delete(at);
    if (!ids || this.stopping) return;
    for (const id of ids) {
      const hold = this.held.get(id)!;
      this.ready.add({ id, ...hold });
    }
    this.pump();
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
    const leaseMs = this.options.deliveryTimeoutMs + LEASE_GRACE_MS;
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
      for (const entry of batch) {
        if (this.held.get(entry.id)?.dueAt === entry.dueAt) this.held.delete(entry.id);
        // Cancelled, moved or taken over by another worker meanwhile: nothing to send.
        if (!startedIds.has(entry.id)) this.ready.release(entry.origin);
      }
      if (started.length === 0) continue;
      this.events.publish(started.flatMap((job) => changesAlong(['SCHEDULED', 'FIRING'], job, job.updatedAt)));
      for (const job of started) this.track(this.deliver(job));
    }
  }

  private async deliver(job: FiringJob): Promise<void> {
    const metrics = this.options.metrics ?? NO_METRICS;
    const firedAt = new Date();
    const options = effectiveOptions(job, this.options);
    const result = job.expiresAt && firedAt.getTime() >= job.expiresAt.getTime() ? EXPIRED : await this.send(job, firedAt, options);
    if (result !== EXPIRED) metrics.attempted(result.ok ? 'success' : 'failure', result.durationMs);
    // The slot is the request's: free it now, not once the outcome is written.
    this.ready.release(originOf(job.webhookUrl));
    this.pump();
    const retry = job.retryCount + 1;
    const nextAttemptAt = result.ok || result === EXPIRED || job.attempt >= options.maxAttempts
      ? null
      : new Date(Date.now() + retryDelayMs(retry, options.retryDelaysMs, options.retryMaxDelayMs));
    await this.complete({
      jobId: job.id, attempt: job.attempt, ok: result.ok, responseCode: result.responseCode, responseBody: result.responseBody,
      firedAt, durationMs: result.durationMs, error: result.error, nextAttemptAt,
      keepLease: nextAttemptAt !== null && nextAttemptAt.getTime() - Date.now() < KEEP_RETRY_WITHIN_MS && !this.stopping,
    });
  }

  /** One HTTP attempt: the body with the payload's own text, the job's headers, then the signatures. */
  private async send(job: FiringJob, firedAt: Date, options: ReturnType<typeof effectiveOptions>): Promise<DeliveryResult> {
    (this.options.metrics ?? NO_METRICS).fired(firedAt.getTime() - job.dueAt.getTime());
    const body = `{"jobId":${JSON.stringify(job.id)},"title":${JSON.stringify(job.title)},"payload":${job.payload},"firedAt":"${firedAt.toISOString()}"}`;
    const headers = { ...options.headers, ...scheduleHeaders(job), ...signDelivery({ messageId: job.id, body, secrets: job.signingSecrets, timestamp: firedAt }) };
    return this.client.deliver({ url: job.webhookUrl, body, headers, timeoutMs: options.timeoutMs });
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
    const run = () => {
      this.flushPlanned = false;
      void this.flush();
    };
    if (delayMs === 0) setImmediate(run);
    else setTimeout(run, delayMs);
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    let completed: CompletedAttempt[];
    try {
      completed = await this.store.completeAttempts(this.owner, batch.map((b) => b.outcome), this.options.maxAttempts, LEASE_GRACE_MS);
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
    const byId = new Map(batch.map(({ outcome }) => [outcome.jobId, outcome]));
    const kept: Array<{ id: string; dueAt: Date; webhookUrl: string }> = [];
    for (const job of completed) {
      const outcome = byId.get(job.id)!;
      if (job.status !== 'SCHEDULED' || !outcome.nextAttemptAt) continue;
      if (outcome.keepLease) kept.push({ id: job.id, dueAt: outcome.nextAttemptAt, webhookUrl: job.webhookUrl });
      // Best effort: the reconciler re-creates a missing window job before it is due.
      else await this.onRetryReleased(outcome.nextAttemptAt).catch((error) => this.log.warn({ err: error }, 'could not arm a retry window'));
    }
    this.arm(kept);
    for (const { written } of batch) written();
  }

  /** Publishes what a batch of completions did, in lifecycle order. */
  published(completed: CompletedAttempt[]): void {
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
}

/** A schedule's run says which schedule and which occurrence it is. */
function scheduleHeaders(job: FiringJob): Record<string, string> {
  if (!job.scheduleId || !job.scheduledFor) return {};
  return { 'x-dispatch-schedule-id': job.scheduleId, 'x-dispatch-scheduled-for': job.scheduledFor.toISOString() };
}

/** The receiver a URL belongs to, for delivery slots (scheme, host and port). */
function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
