import { latestOccurrences, occurrencesBetween, type Timing } from './occurrences.js';
import type { CatchUpPolicy } from './schedule-rules.js';

/** `ALL` never creates more than this many missed runs at once (the look-back is bounded). */
export const MAX_CATCH_UP_RUNS = 100;
/** Upcoming runs one pass plans per schedule at most (an every-second schedule needs the horizon's worth). */
const MAX_UPCOMING_RUNS = 1_000;
/**
 * An occurrence planned this late is still sent as usual (late); one further in the past
 * was missed (the service was down, or the schedule paused) and follows the catch-up policy.
 * Planning normally runs well ahead (see SchedulePlanner), so only an outage gets here.
 */
export const MISSED_AFTER_MS = 2_000;

export interface RunPlan {
  runs: Array<{ scheduledFor: Date; fireAt: Date }>;
  /** Where the next pass resumes: the first occurrence not planned; null when there is none. */
  next: Date | null;
}

/**
 * The runs to create for a schedule whose first unplanned occurrence is `nextRunAt`, at
 * `now`, planning up to `now + horizonMs`. Missed occurrences (before `now - MISSED_AFTER_MS`)
 * follow `catchUp`: NONE drops them, LATEST keeps the most recent, ALL keeps the most recent
 * MAX_CATCH_UP_RUNS; the ones kept are due at once. The rest are due at their occurrence.
 */
export function planRuns(timing: Timing, catchUp: CatchUpPolicy, nextRunAt: Date, now: Date, horizonMs: number): RunPlan {
  const runs: RunPlan['runs'] = [];
  const missedBefore = now.getTime() - MISSED_AFTER_MS;
  let from = nextRunAt;
  if (nextRunAt.getTime() < missedBefore) {
    const keep = catchUp === 'NONE' ? 0 : catchUp === 'LATEST' ? 1 : MAX_CATCH_UP_RUNS;
    for (const scheduledFor of latestOccurrences(timing, new Date(nextRunAt.getTime() - 1), new Date(missedBefore - 1), keep)) {
      runs.push({ scheduledFor, fireAt: now });
    }
    from = new Date(missedBefore);
  }
  const upcoming = occurrencesBetween(timing, from, new Date(now.getTime() + horizonMs), MAX_UPCOMING_RUNS);
  for (const scheduledFor of upcoming.runs) runs.push({ scheduledFor, fireAt: scheduledFor });
  return { runs, next: upcoming.resume };
}
