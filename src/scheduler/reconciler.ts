import type { Logger } from 'pino';
import type { JobStore } from '../domain/jobs/job.store.js';
import { CLAIM_LEAD_MS, WINDOW_MS } from './agenda-driver.js';
import type { Firer } from './firer.js';

const HORIZON_MS = 60_000;

/**
 * Plans the next minute and repairs what a crash between our two stores, or a dead
 * worker, can leave behind:
 * - attempts left FIRING by a process that died are logged as interrupted and retried or buried;
 * - SCHEDULED jobs that nobody claimed (their Agenda window job is missing, or their claim
 *   expired) and that are due soon are claimed and armed here;
 * - unclaimed jobs due within HORIZON_MS get their Agenda window jobs (this is how jobs
 *   scheduled further ahead get theirs: see Scheduler.armNew);
 * - held-back endpoints' backlogs get gate passes, and their expired jobs end (Firer.tendEndpoints);
 * - schedules due soon get their runs created (`plan`, the SchedulePlanner).
 * It runs at start-up and then every `intervalMs` on every worker. Each pass looks only a
 * minute ahead, so its cost follows the next minute's work, not every job ever scheduled.
 */
export class Reconciler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly store: JobStore,
    private readonly firer: Firer,
    private readonly ensureWindow: (dueAt: Date) => Promise<void>,
    private readonly settle: () => Promise<void>,
    private readonly plan: () => Promise<unknown>,
    private readonly log: Logger,
    private readonly intervalMs = 5_000,
  ) {}

  async runOnce(): Promise<void> {
    await this.repair();
    await this.plan();
  }

  private async repair(): Promise<void> {
    await this.settle();
    await this.firer.tendEndpoints();
    await this.firer.claimDue(new Date(Date.now() + CLAIM_LEAD_MS + WINDOW_MS));
    for (const window of await this.store.unclaimedWindows(new Date(Date.now() + HORIZON_MS), WINDOW_MS)) await this.ensureWindow(window);
  }

  /**
   * Repairs before start-up completes. Planning may have a long outage to catch up on
   * (every schedule's missed runs), so the first one runs in the background: what it
   * creates is armed as it goes, and start-up does not wait for it.
   */
  async start(): Promise<void> {
    await this.repair();
    this.background(() => this.plan());
    this.timer = setInterval(() => this.background(() => this.runOnce()), this.intervalMs);
    this.timer.unref();
  }

  private background(pass: () => Promise<unknown>): void {
    if (this.running) return;
    this.running = pass()
      .then(() => undefined, (error) => this.log.warn({ err: error }, 'reconcile pass failed'))
      .finally(() => (this.running = undefined));
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
