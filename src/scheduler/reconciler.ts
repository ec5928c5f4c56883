import type { Logger } from 'pino';
import type { JobStore } from '../domain/jobs/job.store.js';
import { CLAIM_LEAD_MS, WINDOW_MS } from './agenda-driver.js';
import type { Firer } from './firer.js';

const HORIZON_MS = 60_000;

/**
 * Repairs what a crash between our two stores, or a dead worker, can leave behind:
 * - attempts left FIRING by a process that died are logged as interrupted and retried or buried;
 * - SCHEDULED jobs that nobody claimed (their Agenda window job is missing, or their claim
 *   expired) and that are due soon are claimed and armed here;
 * - later SCHEDULED jobs get their Agenda window jobs re-ensured.
 * It runs at start-up and then every `intervalMs` on every worker.
 */
export class Reconciler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly store: JobStore,
    private readonly firer: Firer,
    private readonly ensureWindow: (dueAt: Date) => Promise<void>,
    private readonly settle: () => Promise<void>,
    private readonly log: Logger,
    private readonly intervalMs = 5_000,
  ) {}

  /** One full pass; `everything` also re-ensures windows beyond the horizon (start-up). */
  async runOnce(everything = false): Promise<void> {
    await this.settle();
    await this.firer.claimDue(new Date(Date.now() + CLAIM_LEAD_MS + WINDOW_MS));
    const until = everything ? new Date('9999-12-31T00:00:00Z') : new Date(Date.now() + HORIZON_MS);
    for (const window of await this.store.unclaimedWindows(until, WINDOW_MS)) await this.ensureWindow(window);
  }

  async start(): Promise<void> {
    await this.runOnce(true);
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.runOnce()
        .catch((error) => this.log.warn({ err: error }, 'reconcile pass failed'))
        .finally(() => (this.running = undefined));
    }, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
