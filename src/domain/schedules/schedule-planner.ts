import type { JobRecord } from '../jobs/job.store.js';
import { planRuns } from './run-plan.js';
import { timingOf } from './schedule-rules.js';
import type { ScheduleRecord, ScheduleStore } from './schedule.store.js';

/**
 * Runs are created this long before they are due: ahead of the firing path's claim
 * (Agenda's window job claims 2 s before a window, the reconciler plans windows a minute
 * ahead), with room for planning passes (every 5 s) to be late.
 */
export const PLAN_HORIZON_MS = 15_000;
/** Schedules planned per transaction. */
const PLAN_BATCH = 500;

/** Where created runs go: published and armed like any new job. */
export interface CreatedJobs {
  announceCreated(jobs: JobRecord[]): Promise<void>;
}

/**
 * Turns schedule occurrences into jobs. Each pass takes the schedules whose next
 * occurrence falls within the horizon and, per schedule, creates the runs (with the
 * catch-up policy for missed ones) and advances next_run_at, in one transaction; several
 * planners (one per worker) split the schedules between them and never create an
 * occurrence twice (see ScheduleStore.planDue).
 */
export class SchedulePlanner {
  constructor(
    private readonly store: ScheduleStore,
    private readonly jobs: CreatedJobs,
    private readonly horizonMs = PLAN_HORIZON_MS,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Plans every schedule that is due; returns how many runs were created. */
  async planDue(): Promise<number> {
    let created = 0;
    for (;;) {
      const step = await this.step();
      created += step.created;
      if (step.planned < PLAN_BATCH) return created;
    }
  }

  /**
   * Plans one schedule now (just created, changed or resumed), so that a run due within the
   * horizon is not left for the next pass. Nothing to do (no transaction) when its next
   * occurrence is further away.
   */
  async planSchedule(schedule: Pick<ScheduleRecord, 'id' | 'nextRunAt' | 'paused'>): Promise<number> {
    if (schedule.paused || !schedule.nextRunAt || schedule.nextRunAt.getTime() >= this.clock().getTime() + this.horizonMs) return 0;
    return (await this.step(schedule.id)).created;
  }

  private async step(onlyId?: string): Promise<{ created: number; planned: number }> {
    const now = this.clock();
    const plan = (schedule: ScheduleRecord) => {
      const { runs, next } = planRuns(timingOf(schedule), schedule.catchUp, schedule.nextRunAt!, now, this.horizonMs);
      return { runs: runs.map((run) => ({ scheduleId: schedule.id, ...run })), next };
    };
    const { created, planned } = await this.store.planDue(new Date(now.getTime() + this.horizonMs), PLAN_BATCH, plan, onlyId);
    if (created.length > 0) await this.jobs.announceCreated(created);
    return { created: created.length, planned };
  }
}
