import { EntitySchema } from '@mikro-orm/core';
import type { Job } from './job.entity.js';

/** One logged delivery attempt. (job, attempt) is unique, so an attempt is logged once. */
export class DeliveryAttempt {
  id!: string;
  job!: Job;
  /** The job's project (kept here too: logs are read per project). */
  projectId!: string;
  attempt!: number;
  status!: 'SUCCESS' | 'FAILED';
  responseCode: number | null = null;
  responseBody: string | null = null;
  firedAt!: Date;
  durationMs!: number;
  error: string | null = null;
}

export const DeliveryAttemptSchema = new EntitySchema<DeliveryAttempt>({
  class: DeliveryAttempt,
  tableName: 'delivery_attempts',
  uniques: [{ name: 'delivery_attempts_job_attempt_unique', properties: ['job', 'attempt'] }],
  indexes: [
    { name: 'delivery_attempts_project_fired_idx', expression: 'create index "delivery_attempts_project_fired_idx" on "delivery_attempts" ("project_id", "fired_at" desc, "id" desc)' },
    { name: 'delivery_attempts_project_status_fired_idx', expression: 'create index "delivery_attempts_project_status_fired_idx" on "delivery_attempts" ("project_id", "status", "fired_at" desc, "id" desc)' },
  ],
  properties: {
    id: { type: 'uuid', primary: true, defaultRaw: 'gen_random_uuid()' },
    job: { kind: 'm:1', entity: 'Job', deleteRule: 'cascade' },
    projectId: { type: 'uuid' },
    attempt: { type: 'integer' },
    status: { type: 'text' },
    responseCode: { type: 'integer', nullable: true },
    responseBody: { type: 'text', nullable: true },
    firedAt: { type: 'Date', columnType: 'timestamptz(3)' },
    durationMs: { type: 'integer' },
    error: { type: 'text', nullable: true },
  },
});
