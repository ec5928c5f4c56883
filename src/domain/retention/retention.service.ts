import type { Logger } from 'pino';
import type { AuditLog } from '../audit/audit.service.js';
import type { RetentionStore } from './retention.store.js';

/** Jobs deleted per statement: a short transaction that holds few locks, so firing never waits on it. */
export const PURGE_BATCH = 2_000;

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
    if (this.defaultRetentionMs !== 0) await this.purgeAudit(null, this.defaultRetentionMs);
    for (const project of await this.store.projects()) {
      const retentionMs = project.retentionMs ?? this.defaultRetentionMs;
      if (retentionMs === 0) continue;
      await this.purgeAudit(project.id, retentionMs);
      while (!this.stopping) {
        const deleted = await this.store.purge(project.id, retentionMs, PURGE_BATCH);
        total += deleted;
        this.onPurged(deleted);
        if (deleted < PURGE_BATCH) break;
        // Between batches the event loop serves whatever came due.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    return total;
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
