import type { EntityManager } from '@mikro-orm/postgresql';
import { withDates } from '../../db/rows.js';
import { executorOf, rowsOf } from '../../db/sql.js';
import { fence, JOB_COLUMNS, JOB_DATE_FIELDS, type JobRecord } from '../jobs/job.store.js';
import type { JobStatus } from '../jobs/job-status.js';
import type { ProjectScope } from '../projects/project-scope.js';

/** The columns an edit may set (see JobControlService.update). */
export interface JobPatch {
  title?: string;
  webhookUrl?: string;
  payload?: string;
  /** A new due time: the next attempt's, and the job's fireAt while it has not started. */
  dueAt?: Date;
  maxAttempts?: number | null;
  retryDelaysMs?: number[] | null;
  retryMaxDelayMs?: number | null;
  timeoutMs?: number | null;
  headers?: Record<string, string> | null;
  expiresAt?: Date | null;
  labels?: Record<string, string>;
  /** With a new webhookUrl: its endpoint. */
  endpointId?: string | null;
}

const PATCH_COLUMNS: Array<[keyof JobPatch, string]> = [
  ['title', 'title'], ['webhookUrl', 'webhook_url'], ['payload', 'payload'], ['maxAttempts', 'max_attempts'], ['retryDelaysMs', 'retry_delays_ms'],
  ['retryMaxDelayMs', 'retry_max_delay_ms'], ['timeoutMs', 'timeout_ms'], ['headers', 'headers'], ['expiresAt', 'expires_at'], ['labels', 'labels'],
  ['endpointId', 'endpoint_id'],
];

export const TERMINAL: readonly JobStatus[] = ['SUCCESS', 'DEAD', 'CANCELLED'];

/** Jobs as the firing path must arm them: when they are due. */
export type ArmableJob = JobRecord & { dueAt: Date };

/**
 * The SQL of changing jobs after they were scheduled. Every write is conditional on
 * SCHEDULED, like cancel, so it races the firing path safely: whichever UPDATE matches
 * first wins. An edit or a run-now also clears the claim, so that whoever held the job
 * armed for its old time cannot start it (their start is fenced on lease and due time);
 * the job is armed again for its new time.
 */
export class JobControlStore {
  constructor(private readonly em: () => EntityManager) {}

  private async query<T>(sql: string, params: unknown[]): Promise<T[]> {
    return withDates<T>(await rowsOf(executorOf(this.em), sql, params), [...JOB_DATE_FIELDS, 'dueAt']);
  }

  /** Applies `patch` to a SCHEDULED job; null when it is not (or no longer) SCHEDULED. */
  async edit(id: string, projectId: string, patch: JobPatch): Promise<ArmableJob | null> {
    const sets: string[] = [];
    const params: unknown[] = [];
    for (const [key, column] of PATCH_COLUMNS) {
      if (!(key in patch)) continue;
      const value = patch[key];
      const json = key === 'headers' || key === 'labels';
      sets.push(`${column} = ?${json ? '::jsonb' : key === 'retryDelaysMs' ? '::integer[]' : ''}`);
      params.push(json && value !== null ? JSON.stringify(value) : key === 'retryDelaysMs' && value ? `{${(value as number[]).join(',')}}` : value);
    }
    if (patch.dueAt) {
      sets.push('fire_at = case when j.attempt = 0 then ? else j.fire_at end', 'next_attempt_at = ?');
      params.push(patch.dueAt, patch.dueAt);
    }
    const [row] = await this.query<ArmableJob>(
      `update jobs j set ${[...sets, 'lease_owner = null', 'lease_expires_at = null', 'updated_at = now()'].join(', ')}
        where j.id = ? and j.project_id = ? and j.status = 'SCHEDULED'
        returning ${JOB_COLUMNS}, j.next_attempt_at as "dueAt"`,
      [...params, id, projectId],
    );
    return row ?? null;
  }

  /** A SCHEDULED job (also one waiting for a retry) becomes due now; null when it is not SCHEDULED. */
  async runNow(id: string, projectId: string): Promise<ArmableJob | null> {
    const [row] = await this.query<ArmableJob>(
      `update jobs j set next_attempt_at = now(), lease_owner = null, lease_expires_at = null, updated_at = now()
        where j.id = ? and j.project_id = ? and j.status = 'SCHEDULED'
        returning ${JOB_COLUMNS}, j.next_attempt_at as "dueAt"`,
      [id, projectId],
    );
    return row ?? null;
  }

  /** The next `limit` ids matching `where` (and the statuses), above `afterId`, in id order: one batch of a bulk action. */
  async nextBatch(where: ProjectScope, statuses: readonly JobStatus[], afterId: string | null, limit: number, createdBefore?: Date): Promise<string[]> {
    const rows = await this.query<{ id: string }>(
      `select j.id from jobs j where ${where.sql} and j.status = any(?::text[])${afterId ? ' and j.id > ?' : ''}${createdBefore ? ' and j.created_at <= ?' : ''}
        order by j.id limit ?`,
      [...where.params, `{${statuses.join(',')}}`, ...(afterId ? [afterId] : []), ...(createdBefore ? [createdBefore] : []), limit],
    );
    return rows.map((row) => row.id);
  }

  /** SCHEDULED → CANCELLED for those of `ids` still SCHEDULED (a job starting meanwhile wins, as with a single cancel). */
  cancelIds(ids: string[]): Promise<JobRecord[]> {
    return this.query<JobRecord>(
      `update jobs j set status = 'CANCELLED', lease_owner = null, lease_expires_at = null, updated_at = now()
        where j.id = any(?::uuid[]) and ${fence(`j.status = 'SCHEDULED'`)}
        returning ${JOB_COLUMNS}`,
      [`{${ids.join(',')}}`],
    );
  }

  /** New jobs that replay `ids` (those still finished), due now: the same title, URL, payload, options and labels. */
  replayIds(ids: string[]): Promise<JobRecord[]> {
    return this.query<JobRecord>(
      `insert into jobs as j (project_id, title, webhook_url, payload, fire_at, status, next_attempt_at,
              max_attempts, retry_delays_ms, retry_max_delay_ms, timeout_ms, headers, labels, replay_of, endpoint_id, created_at, updated_at)
       select o.project_id, o.title, o.webhook_url, o.payload, now(), 'SCHEDULED', now(),
              o.max_attempts, o.retry_delays_ms, o.retry_max_delay_ms, o.timeout_ms, o.headers, o.labels, o.id, o.endpoint_id, now(), now()
         from jobs o where o.id = any(?::uuid[]) and o.status = any(?::text[])
        order by o.id
       returning ${JOB_COLUMNS}`,
      [`{${ids.join(',')}}`, `{${TERMINAL.join(',')}}`],
    );
  }

  /** Sets the endpoints of new jobs not yet armed. */
  async setEndpoints(pairs: Array<{ id: string; endpointId: string | null }>): Promise<void> {
    await this.query(`update jobs j set endpoint_id = x.endpoint_id from jsonb_to_recordset(?::jsonb) as x(id uuid, endpoint_id uuid) where j.id = x.id`, [
      JSON.stringify(pairs.map((pair) => ({ id: pair.id, endpoint_id: pair.endpointId }))),
    ]);
  }
}
