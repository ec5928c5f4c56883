import { EntitySchema, type Opt } from '@mikro-orm/core';
import type { CatchUpPolicy } from '../../domain/schedules/schedule-rules.js';
import type { Project } from './project.entity.js';

/**
 * A recurring schedule: its timing (a cron expression in a zone, or a fixed interval) and
 * the template of the jobs it creates. `nextRunAt` is the first occurrence not yet turned
 * into a job; the planner advances it in the same transaction that inserts the runs.
 */
export class Schedule {
  id!: string;
  project!: Project;
  name!: string;
  cron: string | null = null;
  /** The interval of an `every` schedule, ms. */
  everyMs: number | null = null;
  timezone!: string;
  /** Where an `every` schedule's occurrences are counted from. */
  anchorAt: Date | null = null;
  title!: string;
  webhookUrl!: string;
  /** The runs' payload, as the client sent it. */
  payload!: string;
  /** The runs' delivery options and labels (see Job). */
  maxAttempts: number | null = null;
  retryDelaysMs: number[] | null = null;
  retryMaxDelayMs: number | null = null;
  timeoutMs: number | null = null;
  headers: Record<string, string> | null = null;
  labels: Opt<Record<string, string>> = {};
  /** The endpoint of its webhook URL (copied to its runs). */
  endpointId: string | null = null;
  startAt: Date | null = null;
  endAt: Date | null = null;
  paused: Opt<boolean> = false;
  catchUp!: CatchUpPolicy;
  /** The first occurrence not yet planned; null once the schedule has no more. */
  nextRunAt: Date | null = null;
  createdAt: Opt<Date> = new Date();
  updatedAt: Opt<Date> = new Date();
}

export const ScheduleSchema = new EntitySchema<Schedule>({
  class: Schedule,
  tableName: 'schedules',
  indexes: [
    { name: 'schedules_project_created_idx', expression: 'create index "schedules_project_created_idx" on "schedules" ("project_id", "created_at" desc, "id" desc)' },
    { name: 'schedules_due_idx', expression: 'create index "schedules_due_idx" on "schedules" ("next_run_at") where not "paused" and "next_run_at" is not null' },
  ],
  properties: {
    id: { type: 'uuid', primary: true, defaultRaw: 'gen_random_uuid()' },
    project: { kind: 'm:1', entity: 'Project', deleteRule: 'cascade' },
    name: { type: 'text' },
    cron: { type: 'text', nullable: true },
    everyMs: { type: 'bigint', nullable: true, runtimeType: 'number' },
    timezone: { type: 'text' },
    anchorAt: { type: 'Date', columnType: 'timestamptz(3)', nullable: true },
    title: { type: 'text' },
    webhookUrl: { type: 'text' },
    payload: { type: 'text' },
    maxAttempts: { type: 'smallint', nullable: true },
    retryDelaysMs: { type: 'integer[]', columnType: 'integer[]', nullable: true },
    retryMaxDelayMs: { type: 'integer', nullable: true },
    timeoutMs: { type: 'integer', nullable: true },
    headers: { type: 'json', nullable: true },
    labels: { type: 'json', default: "'{}'" },
    endpointId: { type: 'uuid', nullable: true },
    startAt: { type: 'Date', columnType: 'timestamptz(3)', nullable: true },
    endAt: { type: 'Date', columnType: 'timestamptz(3)', nullable: true },
    paused: { type: 'boolean', default: false },
    catchUp: { type: 'text' },
    nextRunAt: { type: 'Date', columnType: 'timestamptz(3)', nullable: true },
    createdAt: { type: 'Date', columnType: 'timestamptz(3)' },
    updatedAt: { type: 'Date', columnType: 'timestamptz(3)' },
  },
});
