import type { Logger } from 'pino';
import type { AuditLog } from '../audit/audit.service.js';
import type { RetentionStore } from './retention.store.js';

/** Jobs deleted per statement: a short transaction that holds few locks, so firing never waits on it. */
export const PURGE_BATCH = 2_000;
/**
 * Before each batch the purge waits while this process is firing (or about to), but never
 * longer than this: deletes then take no CPU from attempts due now (on two cores a purge
 * batch made a burst's deliveries later), and a service that never stops firing still purges
 * a batch (2,000 jobs) a second.
 */
export const YIELD_TO_FIRING_MS = 1_000;
const YIELD_POLL_MS = 20;
/** A batch takes about 75 ms at 5 million jobs: attempts due sooner than this would share the CPU with it. */
const BATCH_LOOKAHEAD_MS = 100;

/**
 * Deletes finished jobs (SUCCESS, DEAD, CANCELLED) and their logs, and audit entries, once
 * they are older than their project's retention (RETENTION unless the project sets its own;
 * 0 keeps them; account entries such as logins follow RETENTION), so the tables stay as
 * large as the retention window, not as old as the service. Scheduled and firing jobs are
 * never touched, whatever their age.
 */
export class RetentionService {
  private stopping = false;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly store: RetentionStore,
    private readonly audit: Pick<AuditLog, 'purge'>,
    private readonly defaultRetentionMs: number,
    private readonly log: Logger,
    private readonly onPurged: (count: number) => void = () => undefined,
    /** Whether this process fires attempts now or within the given milliseconds. */
    private readonly firingWithin: (ms: number) => boolean = () => false,
  ) {}

  /** A pass every `intervalMs` (one at a time). */
  start(intervalMs: number): void {
    this.timer = setInterval(() => {
      this.running ??= this.purgeOnce()
        .catch((error) => this.log.warn({ err: error }, 'retention purge failed'))
        .finally(() => (this.running = undefined));
    }, intervalMs).unref();
  }

  /** One pass over every project; resolves with how many jobs were deleted. */
  async purgeOnce(): Promise<number> {
    let total = 0;
    let yieldFirst = true;
    if (this.defaultRetentionMs !== 0) await this.purgeAudit(null, this.defaultRetentionMs);
    for (const project of await this.store.projects()) {
      const retentionMs = project.retentionMs ?? this.defaultRetentionMs;
      if (retentionMs === 0) continue;
      await this.purgeAudit(project.id, retentionMs);
      while (!this.stopping) {
        // Before the pass's first delete and after each one that found work: projects with nothing to delete cost no wait.
        if (yieldFirst) await this.yieldToFiring();
        const deleted = await this.store.purge(project.id, retentionMs, PURGE_BATCH);
        yieldFirst = deleted > 0;
        total += deleted;
        this.onPurged(deleted);
        if (deleted < PURGE_BATCH) break;
      }
    }
    return total;
  }

  /** Waits (up to YIELD_TO_FIRING_MS) while attempts are firing here or come due within a batch's time. */
  private async yieldToFiring(): Promise<void> {
    const giveUpAt = Date.now() + YIELD_TO_FIRING_MS;
    // The event loop first serves whatever came due meanwhile.
    await new Promise((resolve) => setImmediate(resolve));
    while (!this.stopping && Date.now() < giveUpAt && this.firingWithin(BATCH_LOOKAHEAD_MS)) {
      await new Promise((resolve) => setTimeout(resolve, YIELD_POLL_MS));
    }
  }

  private async purgeAudit(projectId: string | null, retentionMs: number): Promise<void> {
    while (!this.stopping && (await this.audit.purge(projectId, retentionMs, PURGE_BATCH)) === PURGE_BATCH) {
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** No more passes; one under way ends after its current batch. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.stopping = true;
    await this.running;
  }
}
