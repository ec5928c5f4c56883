import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { signDelivery } from '../delivery/signatures.js';
import type { WebhookClient } from '../delivery/webhook-client.js';
import type { JobEventPublisher } from '../domain/jobs/job-events.js';
import { changesAlong, type JobStatusChange } from '../domain/jobs/job-status.js';
import type { AttemptOutcome, CompletedAttempt, FiringJob, JobStore } from '../domain/jobs/job.store.js';
import { retryDelayMs } from './retry-policy.js';

export interface FirerOptions {
  maxAttempts: number;
  deliveryTimeoutMs: number;
  retryDelaysMs: readonly number[];
  retryMaxDelayMs: number;
}

/** How long past its due time a claimed attempt stays ours before the reconciler may take it. */
export const CLAIM_GRACE_MS = 30_000;
/** Retries due sooner than this are kept and timed here rather than handed back to Agenda. */
export const KEEP_RETRY_WITHIN_MS = 60_000;
const CLAIM_BATCH = 5_000;

/**
 * Fires claimed attempts at their exact millisecond. Jobs are claimed in batches (by the
 * Agenda window job, the reconciler, or right after scheduling), held on one timer per due
 * millisecond, started together with one UPDATE, delivered concurrently, and completed in
 * batches. The job row's lease owner and attempt number fence every write.
 */
export class Firer {
  /** This process's lease identity. */
  readonly owner = randomUUID();
  private readonly due = new Map<number, Set<string>>();
  private readonly timers = new Map<number, NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private pendingOutcomes: AttemptOutcome[] = [];
  private flushScheduled: Promise<void> | null = null;
  private stopping = false;

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
      const claimed = await this.store.claimDue(this.owner, until, CLAIM_GRACE_MS, CLAIM_BATCH);
      this.arm(claimed);
      total += claimed.length;
      if (claimed.length < CLAIM_BATCH) return total;
    }
  }

  /** Claims specific jobs (just scheduled) and arms them. */
  async claimIds(ids: string[]): Promise<void> {
    if (this.stopping || ids.length === 0) return;
    this.arm(await this.store.claimIds(this.owner, ids, CLAIM_GRACE_MS));
  }

  /** Number of attempts armed and waiting in this process. */
  get armedCount(): number {
    let n = 0;
    for (const ids of this.due.values()) n += ids.size;
    return n;
  }

  private arm(jobs: Array<{ id: string; dueAt: Date }>): void {
    for (const { id, dueAt } of jobs) {
      const at = dueAt.getTime();
      let ids = this.due.get(at);
      if (!ids) {
        ids = new Set();
        this.due.set(at, ids);
        this.timers.set(at, setTimeout(() => this.fire(at), Math.max(0, at - Date.now())));
      }
      ids.add(id);
    }
  }

  private fire(at: number): void {
    const ids = this.due.get(at);
    this.due.delete(at);
    this.timers.delete(at);
    if (!ids || ids.size === 0 || this.stopping) return;
    this.track(this.startAndDeliver([...ids]));
  }

  private track(work: Promise<void>): void {
    const tracked = work.catch((error) => this.log.error({ err: error }, 'firing failed')).finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  private async startAndDeliver(ids: string[]): Promise<void> {
    const leaseMs = this.options.deliveryTimeoutMs + CLAIM_GRACE_MS;
    const started = await this.store.startAttempts(this.owner, ids, leaseMs);
    if (started.length === 0) return;
    this.events.publish(started.flatMap((job) => changesAlong(['SCHEDULED', 'FIRING'], job, job.updatedAt)));
    await Promise.all(started.map((job) => this.deliver(job)));
  }

  private async deliver(job: FiringJob): Promise<void> {
    const firedAt = new Date();
    const body = JSON.stringify({ jobId: job.id, title: job.title, payload: job.payload, firedAt: firedAt.toISOString() });
    const headers = signDelivery({ messageId: job.id, body, secrets: job.signingSecrets, timestamp: firedAt });
    const result = await this.client.deliver({ url: job.webhookUrl, body, headers, timeoutMs: this.options.deliveryTimeoutMs });
    const retry = job.retryCount + 1;
    const nextAttemptAt = result.ok || job.attempt >= this.options.maxAttempts
      ? null
      : new Date(Date.now() + retryDelayMs(retry, this.options.retryDelaysMs, this.options.retryMaxDelayMs));
    await this.complete({
      jobId: job.id, attempt: job.attempt, ok: result.ok, responseCode: result.responseCode, responseBody: result.responseBody,
      firedAt, durationMs: result.durationMs, error: result.error, nextAttemptAt,
      keepLease: nextAttemptAt !== null && nextAttemptAt.getTime() - Date.now() < KEEP_RETRY_WITHIN_MS && !this.stopping,
    });
  }

  /** Queues an outcome; outcomes finishing together are written in one statement. */
  private complete(outcome: AttemptOutcome): Promise<void> {
    this.pendingOutcomes.push(outcome);
    this.flushScheduled ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.flush());
    return this.flushScheduled;
  }

  private async flush(): Promise<void> {
    const outcomes = this.pendingOutcomes;
    this.pendingOutcomes = [];
    this.flushScheduled = null;
    const completed = await this.store.completeAttempts(this.owner, outcomes, this.options.maxAttempts);
    this.published(completed);
    const byId = new Map(outcomes.map((o) => [o.jobId, o]));
    const kept: Array<{ id: string; dueAt: Date }> = [];
    for (const job of completed) {
      const outcome = byId.get(job.id)!;
      if (job.status !== 'SCHEDULED' || !outcome.nextAttemptAt) continue;
      if (outcome.keepLease) kept.push({ id: job.id, dueAt: outcome.nextAttemptAt });
      else await this.onRetryReleased(outcome.nextAttemptAt);
    }
    this.arm(kept);
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
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    if (this.flushScheduled) await this.flushScheduled;
    await this.store.releaseClaims(this.owner).catch((error) => this.log.warn({ err: error }, 'could not release claims'));
  }
}
