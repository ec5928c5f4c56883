import { EntitySchema, type Opt } from '@mikro-orm/core';
import type { JobStatus } from '../../domain/jobs/job-status.js';
import type { Project } from './project.entity.js';

/**
 * A scheduled webhook: the source of truth for its state. Agenda only decides when a
 * window of due jobs is claimed; the lease columns fence which process may fire and
 * complete the current attempt.
 */
export class Job {
  id!: string;
  project!: Project;
  title!: string;
  webhookUrl!: string;
  /** The payload exactly as the client sent it (a JSON object's text): delivered byte for byte. */
  payload!: string;
  fireAt!: Date;
  status!: JobStatus;
  retryCount: Opt<number> = 0;
  /** Attempts started so far; the number of the attempt in flight while FIRING. */
  attempt: Opt<number> = 0;
  /** When the next attempt is due (fireAt, then each retry's time). */
  nextAttemptAt!: Date;
  /** Process that has claimed the next or current attempt. */
  leaseOwner: string | null = null;
  /** After this the claim is void and the reconciler takes the job over. */
  leaseExpiresAt: Date | null = null;
  /** Delivery options the job sets for itself; null: the server's default (see delivery-options.ts). */
  maxAttempts: number | null = null;
  retryDelaysMs: number[] | null = null;
  retryMaxDelayMs: number | null = null;
  timeoutMs: number | null = null;
  headers: Record<string, string> | null = null;
  /** An attempt that cannot start before this is not sent: the job goes DEAD ("expired"). */
  expiresAt: Date | null = null;
  labels: Opt<Record<string, string>> = {};
  /** The job this one replays. */
  replayOf: string | null = null;
  /** The receiver (project + origin) it is sent to; null for alerts, which no endpoint holds back. */
  endpointId: string | null = null;
  /** How long its last attempt waited past its due time for its endpoint, and why. */
  heldMs: number | null = null;
  heldReason: string | null = null;
  /** The schedule this job is a run of (no foreign key: a deleted schedule's runs keep their history). */
  scheduleId: string | null = null;
  /** The W3C traceparent of the request that created it: its deliveries' spans link to that trace. */
  traceContext: string | null = null;
  /** The occurrence this run stands for; unique per schedule among the jobs not cancelled. */
  scheduledFor: Date | null = null;
  createdAt: Opt<Date> = new Date();
  updatedAt: Opt<Date> = new Date();
}

export const JobSchema = new EntitySchema<Job>({
  class: Job,
  tableName: 'jobs',
  indexes: [
    { name: 'jobs_project_status_created_idx', expression: 'create index "jobs_project_status_created_idx" on "jobs" ("project_id", "status", "created_at" desc, "id" desc)' },
    { name: 'jobs_project_created_idx', expression: 'create index "jobs_project_created_idx" on "jobs" ("project_id", "created_at" desc, "id" desc)' },
    { name: 'jobs_due_idx', expression: `create index "jobs_due_idx" on "jobs" ("next_attempt_at") where "status" = 'SCHEDULED'` },
    // One live job per occurrence: a run cancelled by pausing its schedule leaves room for the occurrence to be planned again on resume.
    { name: 'jobs_schedule_runs_idx', expression: 'create index "jobs_schedule_runs_idx" on "jobs" ("schedule_id", "scheduled_for" desc, "id" desc) where "schedule_id" is not null' },
    { name: 'jobs_schedule_occurrence_unique', expression: `create unique index "jobs_schedule_occurrence_unique" on "jobs" ("schedule_id", "scheduled_for") where "schedule_id" is not null and "status" <> 'CANCELLED'` },
    // Unlabelled jobs stay out of it (GIN would otherwise add an empty-item entry for each); label filters say `labels <> '{}'` to use it.
    { name: 'jobs_labels_idx', expression: `create index "jobs_labels_idx" on "jobs" using gin ("labels" jsonb_path_ops) where "labels" <> '{}'` },
    { name: 'jobs_finished_idx', expression: `create index "jobs_finished_idx" on "jobs" ("project_id", "updated_at") where "status" in ('SUCCESS', 'DEAD', 'CANCELLED')` },
    { name: 'jobs_endpoint_due_idx', expression: `create index "jobs_endpoint_due_idx" on "jobs" ("endpoint_id", "next_attempt_at") where "status" = 'SCHEDULED'` },
    { name: 'jobs_firing_idx', expression: `create index "jobs_firing_idx" on "jobs" ("endpoint_id") where "status" = 'FIRING'` },
  ],
  properties: {
    id: { type: 'uuid', primary: true, defaultRaw: 'gen_random_uuid()' },
    project: { kind: 'm:1', entity: 'Project', deleteRule: 'cascade' },
    title: { type: 'text' },
    webhookUrl: { type: 'text' },
    payload: { type: 'text' },
    fireAt: { type: 'Date', columnType: 'timestamptz(3)' },
    status: { type: 'text' },
    retryCount: { type: 'integer', default: 0 },
    attempt: { type: 'integer', default: 0 },
    nextAttemptAt: { type: 'Date', columnType: 'timestamptz(3)' },
    leaseOwner: { type: 'uuid', nullable: true },
    leaseExpiresAt: { type: 'Date', columnType: 'timestamptz(3)', nullable: true },
    maxAttempts: { type: 'smallint', nullable: true },
    retryDelaysMs: { type: 'integer[]', columnType: 'integer[]', nullable: true },
    retryMaxDelayMs: { type: 'integer', nullable: true },
    timeoutMs: { type: 'integer', nullable: true },
    headers: { type: 'json', nullable: true },
    expiresAt: { type: 'Date', columnType: 'timestamptz(3)', nullable: true },
    labels: { type: 'json', default: "'{}'" },
    replayOf: { type: 'uuid', nullable: true },
    endpointId: { type: 'uuid', nullable: true },
    heldMs: { type: 'integer', nullable: true },
    heldReason: { type: 'text', nullable: true },
    scheduleId: { type: 'uuid', nullable: true },
    traceContext: { type: 'text', nullable: true },
    scheduledFor: { type: 'Date', columnType: 'timestamptz(3)', nullable: true },
    createdAt: { type: 'Date', columnType: 'timestamptz(3)' },
    updatedAt: { type: 'Date', columnType: 'timestamptz(3)' },
  },
});
