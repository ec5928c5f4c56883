import type { EntityManager } from '@mikro-orm/postgresql';
import { withDates } from '../../db/rows.js';
import { executorOf, rowsOf, type SqlExecutor } from '../../db/sql.js';
import type { DeliveryOptions } from '../jobs/delivery-options.js';
import type { ProjectScope } from '../projects/project-scope.js';
import { JOB_COLUMNS, JOB_DATE_FIELDS, type JobRecord } from '../jobs/job.store.js';
import type { CatchUpPolicy, TimingColumns } from './schedule-rules.js';

/** A schedule as stored, with when its latest run was due. */
export interface ScheduleRecord extends TimingColumns, DeliveryOptions {
  id: string;
  projectId: string;
  name: string;
  title: string;
  webhookUrl: string;
  /** The runs' payload text. */
  payload: string;
  labels: Record<string, string>;
  endpointId: string | null;
  paused: boolean;
  catchUp: CatchUpPolicy;
  /** The first occurrence not yet planned (a job exists for every earlier one). */
  nextRunAt: Date | null;
  /** The latest occurrence at or before now that has a run (not cancelled). */
  lastRunAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The columns a client may set; null clears an optional one. */
export interface ScheduleFields extends TimingColumns, DeliveryOptions {
  name: string;
  title: string;
  webhookUrl: string;
  payload: string;
  labels: Record<string, string>;
  catchUp: CatchUpPolicy;
  /** The endpoint of webhookUrl (its runs are sent to it). */
  endpointId: string | null;
}

/** A run the planner decided on: the occurrence, and when its job is due. */
export interface PlannedRun {
  scheduleId: string;
  scheduledFor: Date;
  fireAt: Date;
}

const DATE_FIELDS = ['anchorAt', 'startAt', 'endAt', 'nextRunAt', 'lastRunAt', 'createdAt', 'updatedAt'];

const SCHEDULE_COLUMNS = `s.id, s.project_id as "projectId", s.name, s.cron, s.every_ms::float8 as "everyMs", s.timezone,
  s.anchor_at as "anchorAt", s.title, s.webhook_url as "webhookUrl", s.payload, s.start_at as "startAt", s.end_at as "endAt",
  s.paused, s.catch_up as "catchUp", s.next_run_at as "nextRunAt", s.created_at as "createdAt", s.updated_at as "updatedAt",
  s.max_attempts as "maxAttempts", s.retry_delays_ms as "retryDelaysMs", s.retry_max_delay_ms as "retryMaxDelayMs", s.timeout_ms as "timeoutMs",
  s.headers, s.labels, s.endpoint_id as "endpointId",
  (select max(r.scheduled_for) from jobs r where r.schedule_id = s.id and r.scheduled_for <= now() and r.status <> 'CANCELLED') as "lastRunAt"`;

/** The columns a client sets, and the row (keyed by column) that writes them through jsonb_populate_record. */
const WRITABLE = [
  'name', 'cron', 'every_ms', 'timezone', 'anchor_at', 'title', 'webhook_url', 'payload', 'start_at', 'end_at', 'catch_up',
  'max_attempts', 'retry_delays_ms', 'retry_max_delay_ms', 'timeout_ms', 'headers', 'labels', 'endpoint_id',
].join(', ');

const columnsOf = (f: ScheduleFields) => JSON.stringify({
  name: f.name, cron: f.cron, every_ms: f.everyMs, timezone: f.timezone, anchor_at: f.anchorAt, title: f.title, webhook_url: f.webhookUrl,
  payload: f.payload, start_at: f.startAt, end_at: f.endAt, catch_up: f.catchUp, max_attempts: f.maxAttempts, retry_delays_ms: f.retryDelaysMs,
  retry_max_delay_ms: f.retryMaxDelayMs, timeout_ms: f.timeoutMs, headers: f.headers, labels: f.labels, endpoint_id: f.endpointId,
});


/**
 * The SQL of schedules and of planning their runs. A run is inserted with the unique
 * (schedule_id, scheduled_for) of its occurrence, in the same transaction that advances
 * the schedule's next_run_at while holding its row: two planners never plan the same
 * schedule at once (SKIP LOCKED), and whatever happens, an occurrence has at most one job.
 */
export class ScheduleStore {
  constructor(private readonly em: () => EntityManager) {}

  private get knex() {
    return this.em().getKnex();
  }

  private async query<T>(sql: string, params: unknown[], executor: SqlExecutor = executorOf(this.em), dateFields = DATE_FIELDS): Promise<T[]> {
    return withDates<T>(await rowsOf(executor, sql, params), dateFields);
  }

  async insert(projectId: string, fields: ScheduleFields, paused: boolean, nextRunAt: Date | null): Promise<ScheduleRecord> {
    const [row] = await this.query<ScheduleRecord>(
      `with s as (
         insert into schedules (project_id, ${WRITABLE}, paused, next_run_at, created_at, updated_at)
         select ?, ${WRITABLE}, ?, ?, now(), now() from jsonb_populate_record(null::schedules, ?::jsonb)
         returning *)
       select ${SCHEDULE_COLUMNS} from s`,
      [projectId, paused, nextRunAt, columnsOf(fields)],
    );
    return row;
  }

  async find(id: string, projectFilter: ProjectScope): Promise<ScheduleRecord | null> {
    const [row] = await this.query<ScheduleRecord>(
      `select ${SCHEDULE_COLUMNS} from schedules s where s.id = ? and ${projectFilter.sql}`,
      [id, ...projectFilter.params],
    );
    return row ?? null;
  }

  async list(projectFilter: ProjectScope, paused: boolean | undefined, limit: number, offset: number): Promise<{ rows: ScheduleRecord[]; total: number }> {
    const where = `${projectFilter.sql}${paused === undefined ? '' : ' and s.paused = ?'}`;
    const params = [...projectFilter.params, ...(paused === undefined ? [] : [paused])];
    const [rows, [{ total }]] = await Promise.all([
      this.query<ScheduleRecord>(
        `select ${SCHEDULE_COLUMNS} from schedules s
          where ${where} order by s.created_at desc, s.id desc limit ? offset ?`,
        [...params, limit, offset],
      ),
      this.query<{ total: number }>(`select count(*)::int as total from schedules s where ${where}`, params),
    ]);
    return { rows, total };
  }

  /**
   * Writes `fields` (and `nextRunAt`, when the timing changed) to the schedule. Runs
   * already created are left as they are.
   */
  async update(id: string, projectId: string, fields: ScheduleFields, nextRunAt: Date | null | undefined): Promise<ScheduleRecord | null> {
    const [row] = await this.query<ScheduleRecord>(
      `with s as (
         update schedules s set (${WRITABLE}) = (select ${WRITABLE} from jsonb_populate_record(null::schedules, ?::jsonb)),
                next_run_at = case when ? then ?::timestamptz else s.next_run_at end, updated_at = now()
          where s.id = ? and s.project_id = ?
         returning s.*)
       select ${SCHEDULE_COLUMNS} from s`,
      [columnsOf(fields), nextRunAt !== undefined, nextRunAt ?? null, id, projectId],
    );
    return row ?? null;
  }

  /**
   * Pauses or resumes. Pausing cancels the runs already planned that have not started
   * (attempt 0, at most the planning horizon ahead), so a paused schedule sends nothing more;
   * a run already sent, or waiting for a retry, goes on. Their occurrences become the next
   * to plan again, so that resuming treats them like any other: on time, or missed.
   * Returns the schedule and the runs it cancelled.
   */
  async setPaused(id: string, projectId: string, paused: boolean): Promise<{ schedule: ScheduleRecord; cancelled: JobRecord[] } | null> {
    return this.knex.transaction(async (trx) => {
      const [schedule] = await this.query<ScheduleRecord>(
        `with s as (update schedules s set paused = ?, updated_at = now() where s.id = ? and s.project_id = ? returning s.*)
         select ${SCHEDULE_COLUMNS} from s`,
        [paused, id, projectId],
        trx,
      );
      if (!schedule) return null;
      if (!paused) return { schedule, cancelled: [] };
      const cancelled = await this.cancelPlannedRuns(id, trx);
      const earliest = cancelled.reduce<Date | null>((min, run) => (run.scheduledFor && (!min || run.scheduledFor < min) ? run.scheduledFor : min), null);
      if (earliest) await trx.raw('update schedules set next_run_at = least(next_run_at, ?) where id = ?', [earliest, id]);
      return { schedule: earliest && schedule.nextRunAt && earliest < schedule.nextRunAt ? { ...schedule, nextRunAt: earliest } : schedule, cancelled };
    });
  }

  /** Deletes the schedule and cancels its planned runs; its jobs keep their history (and scheduleId). */
  async delete(id: string, projectId: string): Promise<{ schedule: ScheduleRecord; cancelled: JobRecord[] } | null> {
    return this.knex.transaction(async (trx) => {
      const [schedule] = await this.query<ScheduleRecord>(
        `select ${SCHEDULE_COLUMNS} from schedules s where s.id = ? and s.project_id = ? for update`,
        [id, projectId],
        trx,
      );
      if (!schedule) return null;
      const cancelled = await this.cancelPlannedRuns(id, trx);
      await trx.raw('delete from schedules where id = ?', [id]);
      return { schedule, cancelled };
    });
  }

  private cancelPlannedRuns(scheduleId: string, trx: SqlExecutor): Promise<JobRecord[]> {
    return this.query<JobRecord>(
      `update jobs j set status = 'CANCELLED', lease_owner = null, lease_expires_at = null, updated_at = now()
        where j.schedule_id = ? and j.status = 'SCHEDULED' and j.attempt = 0
        returning ${JOB_COLUMNS}`,
      [scheduleId],
      trx,
      JOB_DATE_FIELDS,
    );
  }

  /**
   * One planning step: takes up to `limit` schedules due for planning before `until` that no
   * other planner holds, lets `plan` decide their runs and next occurrence, inserts the runs
   * and advances the schedules, all in one transaction. Returns the jobs created and how
   * many schedules were planned (fewer than `limit`: nothing is left).
   */
  async planDue(
    until: Date,
    limit: number,
    plan: (schedule: ScheduleRecord) => { runs: PlannedRun[]; next: Date | null },
    onlyId?: string,
  ): Promise<{ created: JobRecord[]; planned: number }> {
    return this.knex.transaction(async (trx) => {
      const due = await this.query<ScheduleRecord>(
        `select ${SCHEDULE_COLUMNS} from schedules s
          where not s.paused and s.next_run_at is not null and s.next_run_at < ?${onlyId ? ' and s.id = ?' : ''}
          order by s.next_run_at limit ? for update skip locked`,
        [until, ...(onlyId ? [onlyId] : []), limit],
        trx,
      );
      if (due.length === 0) return { created: [], planned: 0 };
      const plans = due.map((schedule) => ({ id: schedule.id, ...plan(schedule) }));
      const runs = plans.flatMap((p) => p.runs.map((run) => ({ schedule_id: run.scheduleId, scheduled_for: run.scheduledFor.toISOString(), fire_at: run.fireAt.toISOString() })));
      const created = await this.query<JobRecord>(
        `with advanced as (
           update schedules s set next_run_at = n.next
             from jsonb_to_recordset(?::jsonb) as n(id uuid, next timestamptz)
            where s.id = n.id
         )
         insert into jobs as j (project_id, title, webhook_url, payload, fire_at, status, next_attempt_at, schedule_id, scheduled_for,
                max_attempts, retry_delays_ms, retry_max_delay_ms, timeout_ms, headers, labels, endpoint_id, created_at, updated_at)
         select s.project_id, s.title, s.webhook_url, s.payload, x.fire_at, 'SCHEDULED', x.fire_at, s.id, x.scheduled_for,
                s.max_attempts, s.retry_delays_ms, s.retry_max_delay_ms, s.timeout_ms, s.headers, s.labels, s.endpoint_id, now(), now()
           from jsonb_to_recordset(?::jsonb) as x(schedule_id uuid, scheduled_for timestamptz, fire_at timestamptz)
           join schedules s on s.id = x.schedule_id
         on conflict (schedule_id, scheduled_for) where schedule_id is not null and status <> 'CANCELLED' do nothing
         returning ${JOB_COLUMNS}`,
        [JSON.stringify(plans.map((p) => ({ id: p.id, next: p.next?.toISOString() ?? null }))), JSON.stringify(runs)],
        trx,
        JOB_DATE_FIELDS,
      );
      return { created, planned: due.length };
    });
  }
}
