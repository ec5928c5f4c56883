import { describeOptions, type DeliveryDefaults } from '../../domain/jobs/delivery-options.js';
import type { ScheduleRecord } from '../../domain/schedules/schedule.store.js';
import { formatDuration } from '../../duration.js';

/** What the REST layer needs from the service to describe a schedule (its computed fields). */
export interface ScheduleView {
  nextRunAt(schedule: ScheduleRecord): Date | null;
  readonly defaults: DeliveryDefaults;
}

const iso = (date: Date | null): string | null => date?.toISOString() ?? null;

/** The REST schedule object: the same fields as the GraphQL Schedule, in a fixed order; its runs' retry, timeout and headers as they will apply. */
export function scheduleJson(schedule: ScheduleRecord, view: ScheduleView) {
  return {
    id: schedule.id,
    projectId: schedule.projectId,
    name: schedule.name,
    cron: schedule.cron,
    every: schedule.everyMs === null ? null : formatDuration(schedule.everyMs),
    timezone: schedule.timezone,
    title: schedule.title,
    webhookUrl: schedule.webhookUrl,
    payload: JSON.parse(schedule.payload) as Record<string, unknown>,
    paused: schedule.paused,
    startAt: iso(schedule.startAt),
    endAt: iso(schedule.endAt),
    catchUp: schedule.catchUp,
    nextRunAt: iso(view.nextRunAt(schedule)),
    lastRunAt: iso(schedule.lastRunAt),
    createdAt: schedule.createdAt.toISOString(),
    updatedAt: schedule.updatedAt.toISOString(),
    ...describeOptions(schedule, view.defaults),
    labels: schedule.labels,
  };
}
