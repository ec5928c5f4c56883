import type { ScheduleRowFragment } from '../generated/graphql';

/** How a schedule's timing reads in a list: `0 9 * * 1-5 in Europe/Berlin`, `every 2s`. */
export function timingText(schedule: Pick<ScheduleRowFragment, 'cron' | 'every' | 'timezone'>): string {
  if (schedule.cron) return `${schedule.cron} in ${schedule.timezone}`;
  return `every ${schedule.every ?? '?'}`;
}
