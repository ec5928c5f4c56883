import type { EntityManager } from '@mikro-orm/postgresql';
import { withDates } from '../../db/rows.js';
import { executorOf, rowsOf } from '../../db/sql.js';

/** One logged attempt, with its job's id and title. */
export interface DeliveryLogRecord {
  id: string;
  jobId: string;
  jobTitle: string;
  attempt: number;
  status: 'SUCCESS' | 'FAILED';
  responseCode: number | null;
  responseBody: string | null;
  firedAt: Date;
  durationMs: number;
  error: string | null;
}

export interface LogPageQuery {
  projectIds: string[];
  status?: 'SUCCESS' | 'FAILED';
  since?: Date;
  until?: Date;
  after?: { at: string; id: string };
  limit: number;
}

const COLUMNS = `a.id, a.job_id as "jobId", j.title as "jobTitle", a.attempt, a.status, a.response_code as "responseCode",
  a.response_body as "responseBody", a.fired_at as "firedAt", a.duration_ms as "durationMs", a.error`;

/**
 * The SQL of delivery logs, newest first by when the attempt was sent. A project's logs are
 * read through its (project, fired_at) index, one lateral probe per project, continuing
 * after a cursor's position; one job's logs through (job, attempt).
 */
export class DeliveryLogStore {
  constructor(private readonly em: () => EntityManager) {}

  private async query(sql: string, params: unknown[]): Promise<DeliveryLogRecord[]> {
    return withDates<DeliveryLogRecord>(await rowsOf(executorOf(this.em), sql, params), ['firedAt']);
  }

  async page(q: LogPageQuery): Promise<DeliveryLogRecord[]> {
    const conditions: Array<[sql: string, ...params: unknown[]]> = [];
    if (q.status) conditions.push(['a.status = ?', q.status]);
    if (q.since) conditions.push(['a.fired_at >= ?', q.since]);
    if (q.until) conditions.push(['a.fired_at < ?', q.until]);
    if (q.after) conditions.push(['(a.fired_at, a.id) < (?::timestamptz, ?::uuid)', q.after.at, q.after.id]);
    return this.query(
      `select ${COLUMNS}
         from unnest(?::uuid[]) as visible(id)
         cross join lateral (
           select * from delivery_attempts a
            where a.project_id = visible.id${conditions.map(([sql]) => ` and ${sql}`).join('')}
            order by a.fired_at desc, a.id desc limit ?) a
         join jobs j on j.id = a.job_id
        order by a.fired_at desc, a.id desc limit ?`,
      [`{${q.projectIds.join(',')}}`, ...conditions.flatMap(([, ...params]) => params), q.limit, q.limit],
    );
  }

  /** One job's attempts, newest first. */
  async ofJob(jobId: string, after: { at: string; id: string } | undefined, limit: number): Promise<DeliveryLogRecord[]> {
    return this.query(
      `select ${COLUMNS} from delivery_attempts a join jobs j on j.id = a.job_id
        where a.job_id = ?${after ? ' and (a.fired_at, a.id) < (?::timestamptz, ?::uuid)' : ''}
        order by a.fired_at desc, a.id desc limit ?`,
      [jobId, ...(after ? [after.at, after.id] : []), limit],
    );
  }
}
