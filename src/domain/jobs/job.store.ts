import type { EntityManager } from '@mikro-orm/postgresql';
import { withDates } from '../../db/rows.js';
import { uuidV7 } from '../../db/uuid-v7.js';
import { executorOf, preparedRowsOf, rowsOf, type SqlExecutor } from '../../db/sql.js';
import { WriteBatcher } from '../../db/write-batcher.js';
import { GATED_ENDPOINTS } from '../endpoints/endpoint.store.js';
import type { ProjectScope } from '../projects/project-scope.js';
import type { DeliveryOptions } from './delivery-options.js';
import type { JobStatus } from './job-status.js';
import { currentTraceContext } from '../../request-scope.js';

/** A job as clients see it (CONTRACT §4 job object, and the §9 additions). */
export interface JobRecord extends DeliveryOptions {
  id: string;
  projectId: string;
  title: string;
  webhookUrl: string;
  /** The payload's JSON text, as the client sent it. */
  payload: string;
  fireAt: Date;
  status: JobStatus;
  retryCount: number;
  createdAt: Date;
  updatedAt: Date;
  /** The schedule this job is a run of, and the occurrence it stands for (null for one-off jobs). */
  scheduleId: string | null;
  scheduledFor: Date | null;
  expiresAt: Date | null;
  labels: Record<string, string>;
  replayOf: string | null;
  /** The receiver endpoint (project + origin); null for alerts. */
  endpointId: string | null;
  /** How long the last attempt waited for its endpoint past its due time, and why (null when it did not). */
  heldMs: number | null;
  heldReason: string | null;
}

/** What the firing path needs of a job whose attempt has started. */
export interface FiringJob extends JobRecord {
  attempt: number;
  /** When this attempt was due (fireAt, or the retry time). */
  dueAt: Date;
  /** The project's valid signing secrets, current first. */
  signingSecrets: string[];
  /** The W3C traceparent of the request that created the job, if it was traced. */
  traceContext: string | null;
}

/** The outcome of one attempt, ready to be written. */
export interface AttemptOutcome {
  jobId: string;
  attempt: number;
  ok: boolean;
  responseCode: number | null;
  responseBody: string | null;
  firedAt: Date;
  durationMs: number;
  error: string | null;
  /** For failures that leave retries: when the next attempt is due. */
  nextAttemptAt: Date | null;
  /** Keep the lease when this process will fire the retry itself. */
  keepLease: boolean;
  /** The receiver failed it (an error answer, no answer, a timeout): what its endpoint's breaker counts. False for an expired or interrupted attempt. */
  receiverFailed: boolean;
  /** The receiver answered 429 or 503 with Retry-After: its endpoint sends nothing before this (not a failure its breaker counts). */
  retryAfterUntil: Date | null;
}

/** A job leased to a worker to fire: when, and where to. */
export interface ClaimedJob {
  id: string;
  dueAt: Date;
  webhookUrl: string;
  endpointId: string | null;
}

/**
 * What a written outcome answers: what its events, alerts and re-armed retries need. Not
 * the payload or the delivery options: a completion would otherwise carry every job's
 * payload (up to 1 MiB each) back from the database for nothing.
 */
export type CompletedAttempt = Pick<JobRecord, 'id' | 'projectId' | 'title' | 'webhookUrl' | 'status' | 'retryCount' | 'updatedAt' | 'scheduleId' | 'labels' | 'endpointId'> & {
  attempt: number;
  previousRetryCount: number;
};

const COMPLETED_COLUMNS = `j.id, j.project_id as "projectId", j.title, j.webhook_url as "webhookUrl", j.status, j.retry_count as "retryCount",
  j.updated_at as "updatedAt", j.schedule_id as "scheduleId", j.labels, j.endpoint_id as "endpointId", j.attempt`;

/** When an endpoint's circuit breaker opens, and how long it waits to probe. */
export interface BreakerSettings {
  /** Failed attempts in a row that open it; 0: never. */
  failures: number;
  backoffMs: number;
  maxBackoffMs: number;
}

/** For outcomes no breaker counts. */
const NO_BREAKER: BreakerSettings = { failures: 0, backoffMs: 0, maxBackoffMs: 0 };

/** An endpoint's breaker that opened or closed. */
export interface BreakerChange {
  endpointId: string;
  projectId: string;
  origin: string;
  open: boolean;
}

export const JOB_DATE_FIELDS = ['fireAt', 'createdAt', 'updatedAt', 'dueAt', 'firedAt', 'scheduledFor', 'expiresAt'];

/** A job as clients see it, from `jobs j`. */
export const JOB_COLUMNS = `j.id, j.project_id as "projectId", j.title, j.webhook_url as "webhookUrl", j.payload,
  j.fire_at as "fireAt", j.status, j.retry_count as "retryCount", j.created_at as "createdAt", j.updated_at as "updatedAt",
  j.schedule_id as "scheduleId", j.scheduled_for as "scheduledFor", j.max_attempts as "maxAttempts", j.retry_delays_ms as "retryDelaysMs",
  j.retry_max_delay_ms as "retryMaxDelayMs", j.timeout_ms as "timeoutMs", j.headers, j.expires_at as "expiresAt", j.labels, j.replay_of as "replayOf",
  j.endpoint_id as "endpointId", j.held_ms as "heldMs", j.held_reason as "heldReason"`;

/**
 * The SQL of the job lifecycle. Every status change is one conditional UPDATE on the old
 * status (and, on the firing path, on the lease owner and attempt number), so cancel vs
 * fire and stale workers resolve in the database: whoever's UPDATE matches wins.
 */
export class JobStore {
  /** Concurrent creates share one INSERT and one commit (src/db/write-batcher.ts). */
  private readonly inserts = new WriteBatcher<JobRow, JobRecord>((rows) => this.insertMany(rows), {
    parallel: 2,
    maxItems: 500,
    maxSize: 1024 * 1024,
    size: (row) => row.json.length,
    // SQLSTATE classes 22 (data exception) and 23 (integrity constraint): one row's fault.
    retryAlone: (error) => /^2[23]/.test(String((error as { code?: unknown }).code ?? '')),
  });

  constructor(private readonly em: () => EntityManager) {}

  /** Runs SQL; timestamp columns (which the driver hands back as text) become Dates. */
  private async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return withDates<T>(await rowsOf(executorOf(this.em), sql, params), JOB_DATE_FIELDS);
  }

  /** Runs a fixed statement of the hot paths as a named prepared statement (preparedRowsOf). */
  private async prepared<T>(name: string, sql: string, params: unknown[]): Promise<T[]> {
    return withDates<T>(await preparedRowsOf(executorOf(this.em), name, sql, params), JOB_DATE_FIELDS);
  }

  insert(job: NewJob): Promise<JobRecord> {
    return this.inserts.write(jobRow(job));
  }

  private async insertMany(rows: JobRow[]): Promise<JobRecord[]> {
    return insertRows(rows, executorOf(this.em));
  }

  /**
   * Inserts the job under an idempotency key, or finds what the key already holds. The key
   * row is written first in the same transaction, so concurrent duplicates queue on it and
   * only one job is created. An expired key is reused.
   */
  async insertIdempotent(job: NewJob, key: string, requestHash: string, ttlMs: number): Promise<{ job: JobRecord } | { existing: { requestHash: string; jobId: string } }> {
    return this.em().getKnex().transaction(async (trx) => {
      const claimed = await trx.raw(
        `insert into idempotency_keys as k (project_id, key, request_hash, created_at, expires_at)
         values (?, ?, ?, now(), now() + (? * interval '1 millisecond'))
         on conflict (project_id, key) do update
           set request_hash = excluded.request_hash, job_id = null, created_at = now(), expires_at = excluded.expires_at
           where k.expires_at < now()
         returning key`,
        [job.projectId, key, requestHash, ttlMs],
      );
      if (claimed.rows.length === 0) {
        const { rows } = await trx.raw('select request_hash, job_id from idempotency_keys where project_id = ? and key = ?', [job.projectId, key]);
        return { existing: { requestHash: rows[0].request_hash, jobId: rows[0].job_id } };
      }
      const [created] = await insertRows([jobRow(job)], trx);
      await trx.raw('update idempotency_keys set job_id = ? where project_id = ? and key = ?', [created.id, job.projectId, key]);
      return { job: created };
    });
  }

  /**
   * Inserts a batch of jobs in one transaction. Items with an idempotency key claim it
   * first; a key that is already held answers with the job it holds (`created: false`), or
   * fails the whole batch through `check.conflict(index)` when it came with another
   * request. Items are answered in their order; within the batch a key repeated with the
   * same request stands for the same job.
   */
  async insertBatch(
    items: Array<{ job: NewJob; requestHash: string; key?: string }>,
    ttlMs: number,
    check: { conflict: (index: number) => Error; mustBeFuture: (index: number) => void },
  ): Promise<Array<{ job: JobRecord; created: boolean }>> {
    const keyed = items.flatMap((item, index) => (item.key === undefined ? [] : [{ ...item, key: item.key, index }]));
    if (keyed.length === 0) return (await this.insertMany(items.map((item) => jobRow(item.job)))).map((job) => ({ job, created: true }));
    return this.em().getKnex().transaction(async (trx) => {
      const projectId = items[0].job.projectId;
      const firstOf = new Map<string, (typeof keyed)[number]>();
      for (const item of keyed) {
        const first = firstOf.get(item.key);
        if (first && first.requestHash !== item.requestHash) throw check.conflict(item.index);
        if (!first) firstOf.set(item.key, item);
      }
      const { rows: claimedRows } = await trx.raw(
        `insert into idempotency_keys as k (project_id, key, request_hash, created_at, expires_at)
         select ?, x.key, x.hash, now(), now() + (? * interval '1 millisecond') from jsonb_to_recordset(?::jsonb) as x(key text, hash text)
         on conflict (project_id, key) do update
           set request_hash = excluded.request_hash, job_id = null, created_at = now(), expires_at = excluded.expires_at
           where k.expires_at < now()
         returning key`,
        [projectId, ttlMs, JSON.stringify([...firstOf.values()].map((item) => ({ key: item.key, hash: item.requestHash })))],
      );
      const claimed = new Set(claimedRows.map((row: { key: string }) => row.key));
      const held = new Map<string, string>();
      if (claimed.size < firstOf.size) {
        const { rows } = await trx.raw('select key, request_hash, job_id from idempotency_keys where project_id = ? and key in (select jsonb_array_elements_text(?::jsonb))', [
          projectId, JSON.stringify([...firstOf.keys()].filter((key) => !claimed.has(key))),
        ]);
        for (const row of rows as Array<{ key: string; request_hash: string; job_id: string }>) {
          if (row.request_hash !== firstOf.get(row.key)!.requestHash) throw check.conflict(firstOf.get(row.key)!.index);
          held.set(row.key, row.job_id);
        }
      }
      // Only the first item of each claimed key (and items without a key) create a job.
      const creates = items.flatMap((item, index) => (item.key === undefined || (claimed.has(item.key) && firstOf.get(item.key)!.index === index) ? [index] : []));
      for (const index of creates) if (items[index].key !== undefined) check.mustBeFuture(index);
      const created = await insertRows(creates.map((index) => jobRow(items[index].job)), trx);
      const byIndex = new Map(creates.map((index, i) => [index, created[i]]));
      const keyJobs = creates.flatMap((index, i) => (items[index].key === undefined ? [] : [[items[index].key!, created[i].id] as const]));
      if (keyJobs.length > 0) {
        await trx.raw('update idempotency_keys k set job_id = x.job from jsonb_to_recordset(?::jsonb) as x(key text, job uuid) where k.project_id = ? and k.key = x.key', [
          JSON.stringify(keyJobs.map(([key, job]) => ({ key, job }))), projectId,
        ]);
        for (const [key, job] of keyJobs) held.set(key, job);
      }
      const existingIds = [...new Set(items.flatMap((item, index) => (item.key !== undefined && !byIndex.has(index) ? [held.get(item.key)!] : [])))];
      const existing = new Map<string, JobRecord>();
      if (existingIds.length > 0) {
        const { rows } = await trx.raw(`select ${JOB_COLUMNS} from jobs j where j.id = any(?::uuid[]) and j.project_id = ?`, [uuidArray(existingIds), projectId]);
        for (const job of withDates<JobRecord>(rows, JOB_DATE_FIELDS)) existing.set(job.id, job);
      }
      return items.map((item, index) => (byIndex.has(index) ? { job: byIndex.get(index)!, created: true } : { job: existing.get(held.get(item.key!)!)!, created: false }));
    });
  }

  /** What a live idempotency key holds, if anything. */
  async findIdempotent(projectId: string, key: string): Promise<{ requestHash: string; jobId: string } | null> {
    const [row] = await this.query<{ requestHash: string; jobId: string }>(
      `select request_hash as "requestHash", job_id as "jobId" from idempotency_keys
        where project_id = ? and key = ? and expires_at >= now() and job_id is not null`,
      [projectId, key],
    );
    return row ?? null;
  }

  /** Forgets idempotency keys past their time. */
  async purgeIdempotencyKeys(): Promise<void> {
    await this.query('delete from idempotency_keys where expires_at < now()');
  }

  /** SCHEDULED → CANCELLED; null when the job is not (or no longer) SCHEDULED. */
  async cancel(id: string, projectId: string): Promise<JobRecord | null> {
    const [row] = await this.query<JobRecord>(
      `update jobs j set status = 'CANCELLED', lease_owner = null, lease_expires_at = null, updated_at = now()
        where j.id = ? and j.project_id = ? and j.status = 'SCHEDULED'
        returning ${JOB_COLUMNS}`,
      [id, projectId],
    );
    return row ?? null;
  }

  async findInProjects(id: string, projectFilter: ProjectScope): Promise<(JobRecord & { projectName: string }) | null> {
    const [row] = await this.query<JobRecord & { projectName: string }>(
      `select ${JOB_COLUMNS}, p.name as "projectName" from jobs j join projects p on p.id = j.project_id
        where j.id = ? and ${projectFilter.sql}`,
      [id, ...projectFilter.params],
    );
    return row ?? null;
  }

  // ---- firing path ---------------------------------------------------------------

  /**
   * Claims up to `limit` unclaimed SCHEDULED jobs due before `until` for `owner`
   * (including ones whose earlier claim expired). The lease lasts until the job is due
   * plus `graceMs`; past that the reconciler may take it over.
   */
  async claimDue(owner: string, until: Date, graceMs: number, limit: number): Promise<ClaimedJob[]> {
    return this.query(
      `update jobs set lease_owner = ?, lease_expires_at = next_attempt_at + (? * interval '1 millisecond')
        where id in (
          select id from jobs
           where status = 'SCHEDULED' and next_attempt_at < ?
             and (lease_owner is null or lease_expires_at < now())
             -- A held-back endpoint's overdue jobs are started by its gate, claimed or not:
             -- claiming them again on every pass would only rewrite its backlog.
             and (next_attempt_at >= now() - (? * interval '1 millisecond') or endpoint_id is null or endpoint_id not in (${GATED_ENDPOINTS}))
           order by next_attempt_at limit ? for update skip locked)
        returning id, next_attempt_at as "dueAt", webhook_url as "webhookUrl", endpoint_id as "endpointId"`,
      [owner, graceMs, until, graceMs, limit],
    );
  }

  /** Claims specific SCHEDULED jobs (just created or re-armed here) for `owner`. */
  async claimIds(owner: string, ids: string[], graceMs: number): Promise<ClaimedJob[]> {
    return this.query(
      `update jobs set lease_owner = ?, lease_expires_at = next_attempt_at + (? * interval '1 millisecond')
        where id = any(?::uuid[]) and ${fence(`status = 'SCHEDULED' and (lease_owner is null or lease_expires_at < now())`)}
        returning id, next_attempt_at as "dueAt", webhook_url as "webhookUrl", endpoint_id as "endpointId"`,
      [owner, graceMs, uuidArray(ids)],
    );
  }

  /**
   * SCHEDULED → FIRING for the claimed jobs still SCHEDULED, held by `owner` and still due
   * when they were armed for (a job edited or run now since is armed again for its new
   * time); the attempt number is taken here. Jobs of an endpoint with flow control, paused
   * or with its breaker open are left to the endpoint's gate (EndpointGate): the gated set
   * is read by this statement, so no process's stale view lets one through.
   */
  async startAttempts(owner: string, jobs: Array<{ id: string; dueAt: Date }>, leaseMs: number): Promise<FiringJob[]> {
    return this.started(
      START_ATTEMPTS,
      [leaseMs, uuidArray(jobs.map((job) => job.id)), `{${jobs.map((job) => job.dueAt.toISOString()).join(',')}}`, owner],
      executorOf(this.em),
      'dispatch_start_attempts',
    );
  }

  /**
   * SCHEDULED → FIRING for an endpoint's `limit` earliest due jobs, whoever claimed them
   * (the gate decides who goes, so the endpoint's jobs go in due order across every
   * worker), leased to `owner`. `held`: why they waited, recorded with how long.
   */
  startForEndpoint(executor: SqlExecutor, endpointId: string, owner: string, limit: number, leaseMs: number, held: string | null): Promise<FiringJob[]> {
    return this.started(
      `update jobs j set status = 'FIRING', attempt = attempt + 1, updated_at = now(), lease_owner = ?,
              lease_expires_at = now() + (? * interval '1 millisecond'),
              held_ms = case when ?::text is null then null else greatest(0, round(extract(epoch from now() - j.next_attempt_at) * 1000)) end,
              held_reason = ?::text
         from projects p
        where p.id = j.project_id and j.id in (
          select id from jobs where endpoint_id = ? and status = 'SCHEDULED' and next_attempt_at <= now()
           order by next_attempt_at limit ? for update skip locked)
        returning ${STARTED_COLUMNS}`,
      [owner, leaseMs, held, held, endpointId, limit],
      executor,
    );
  }

  /**
   * SCHEDULED → FIRING for due jobs past their expiresAt that an endpoint holds back
   * (paused, breaker open): their attempt ends as expired without a request, as any
   * expired attempt does, rather than waiting for the endpoint to let them through.
   */
  startExpiredHeld(owner: string, leaseMs: number, limit: number): Promise<FiringJob[]> {
    return this.started(
      `update jobs j set status = 'FIRING', attempt = attempt + 1, updated_at = now(), lease_owner = ?,
              lease_expires_at = now() + (? * interval '1 millisecond')
         from projects p
        where p.id = j.project_id and j.id in (
          select id from jobs where status = 'SCHEDULED' and expires_at <= now() and next_attempt_at <= now()
             and endpoint_id in (${GATED_ENDPOINTS})
           order by expires_at limit ? for update skip locked)
        returning ${STARTED_COLUMNS}`,
      [owner, leaseMs, limit],
      executorOf(this.em),
    );
  }

  /** `prepared`: the statement's name, for one run hundreds of times a second (preparedRowsOf). */
  private async started(sql: string, params: unknown[], executor: SqlExecutor, prepared?: string): Promise<FiringJob[]> {
    const raw = prepared ? await preparedRowsOf(executor, prepared, sql, params) : await rowsOf(executor, sql, params);
    const rows = withDates<FiringJob & { secret: string; previousSecret: string | null }>(raw, JOB_DATE_FIELDS);
    return rows.map(({ secret, previousSecret, ...job }) => ({ ...job, signingSecrets: previousSecret ? [secret, previousSecret] : [secret] }));
  }

  /**
   * Writes outcomes: FIRING → SUCCESS, or FIRING → FAILED → SCHEDULED (retry armed) / DEAD,
   * and logs each attempt, only where this owner still holds that attempt. A stale
   * worker's late outcome matches no row and is dropped whole.
   *
   * The same statement keeps each endpoint's circuit breaker: failed attempts in a row
   * (any success in a batch starts the count again) open it at `breaker.failures`; a failed
   * probe doubles its wait; a success closes it. A Retry-After answer holds the endpoint back
   * instead. An endpoint row is written only when something failed or it was failing, so a
   * healthy receiver costs no write. Breakers that opened or closed are returned.
   */
  async completeAttempts(
    owner: string,
    outcomes: AttemptOutcome[],
    maxAttempts: number,
    leaseGraceMs: number,
    breaker: BreakerSettings,
  ): Promise<{ completed: CompletedAttempt[]; breakerChanges: BreakerChange[] }> {
    const input = outcomes.map((o) => ({
      id: o.jobId, attempt: o.attempt, ok: o.ok, code: o.responseCode, body: withoutNul(o.responseBody), fired: o.firedAt.toISOString(),
      ms: o.durationMs, err: o.error, next: o.nextAttemptAt?.toISOString() ?? null, keep: o.keepLease, rf: o.receiverFailed,
      ra: o.retryAfterUntil?.toISOString() ?? null,
    }));
    const rows = await this.prepared<CompletedAttempt & { breakerChanges: BreakerChange[] | null }>(
      'dispatch_complete_attempts',
      COMPLETE_ATTEMPTS,
      [
        JSON.stringify(input), maxAttempts, maxAttempts, maxAttempts, maxAttempts, maxAttempts, leaseGraceMs, uuidArray(outcomes.map((o) => o.jobId)), owner,
        breaker.failures, breaker.backoffMs, breaker.maxBackoffMs,
      ],
    );
    const breakerChanges = (rows[0]?.breakerChanges ?? []).map(({ endpointId, projectId, origin, open }) => ({ endpointId, projectId, origin, open }));
    return { completed: rows.map(({ breakerChanges: _, ...job }) => job), breakerChanges };
  }

  /**
   * Takes over attempts whose owner died mid-delivery (FIRING with an expired lease): the
   * interrupted attempt is logged as failed and the job goes the way any failure goes.
   * `skip`: jobs whose outcome the calling process still holds, to be written by it.
   */
  async settleAbandoned(
    retryAt: (retryNumber: number, job: Pick<DeliveryOptions, 'retryDelaysMs' | 'retryMaxDelayMs'>) => Date,
    maxAttempts: number,
    skip: ReadonlySet<string>,
    limit = 500,
  ): Promise<CompletedAttempt[]> {
    const stale = await this.query<{ id: string; attempt: number; leaseOwner: string; retryCount: number; retryDelaysMs: number[] | null; retryMaxDelayMs: number | null }>(
      `select id, attempt, lease_owner as "leaseOwner", retry_count as "retryCount", retry_delays_ms as "retryDelaysMs", retry_max_delay_ms as "retryMaxDelayMs"
         from jobs where status = 'FIRING' and lease_expires_at < now() order by lease_expires_at limit ?`,
      [limit],
    );
    const completed: CompletedAttempt[] = [];
    for (const job of stale.filter(({ id }) => !skip.has(id))) {
      const outcome: AttemptOutcome = {
        jobId: job.id, attempt: job.attempt, ok: false, responseCode: null, responseBody: null, firedAt: new Date(),
        durationMs: 0, error: 'interrupted: the worker stopped during delivery', nextAttemptAt: retryAt(job.retryCount + 1, job), keepLease: false,
        // The worker's fault, not the receiver's: its endpoint's breaker does not count it.
        receiverFailed: false, retryAfterUntil: null,
      };
      completed.push(...(await this.completeAttempts(job.leaseOwner, [outcome], maxAttempts, 0, NO_BREAKER)).completed);
    }
    return completed;
  }

  /** Gives back the claims of jobs not yet firing (graceful shutdown). */
  async releaseClaims(owner: string): Promise<number> {
    const rows = await this.query(
      `update jobs set lease_owner = null, lease_expires_at = null
        where lease_owner = ? and status = 'SCHEDULED' returning id`,
      [owner],
    );
    return rows.length;
  }

  /** Start times of the windows holding unclaimed SCHEDULED jobs due before `until`. */
  async unclaimedWindows(until: Date, windowMs: number): Promise<Date[]> {
    const rows = await this.query<{ window: string }>(
      `select distinct (floor(extract(epoch from next_attempt_at) * 1000 / ?) * ?)::bigint as window from jobs
        where status = 'SCHEDULED' and next_attempt_at < ? and (lease_owner is null or lease_expires_at < now())`,
      [windowMs, windowMs, until],
    );
    return rows.map((r) => new Date(Number(r.window)));
  }
}

export interface NewJob {
  projectId: string;
  title: string;
  webhookUrl: string;
  /** The payload's JSON text. */
  payload: string;
  fireAt: Date;
  options: DeliveryOptions;
  expiresAt: Date | null;
  labels: Record<string, string>;
  replayOf: string | null;
  /** Set when the job is inserted (EndpointRegistry), from its URL; null for alerts. */
  endpointId?: string | null;
}

/** One job to insert: its id, its columns as a JSON object, and the job itself. */
interface JobRow {
  id: string;
  json: string;
  job: NewJob;
}

/** The row of a new job; its id is chosen here so that each caller finds its own row in a batch's result. */
function jobRow(job: NewJob): JobRow {
  const id = uuidV7();
  const { options } = job;
  const json = JSON.stringify({
    id, project_id: job.projectId, title: job.title, webhook_url: job.webhookUrl, payload: job.payload, fire_at: job.fireAt.toISOString(),
    max_attempts: options.maxAttempts, retry_delays_ms: options.retryDelaysMs, retry_max_delay_ms: options.retryMaxDelayMs, timeout_ms: options.timeoutMs,
    headers: options.headers, expires_at: job.expiresAt?.toISOString() ?? null, labels: job.labels, replay_of: job.replayOf,
    endpoint_id: job.endpointId ?? null,
    // Created while serving a traced request: its deliveries link back to that trace.
    trace_context: currentTraceContext() ?? null,
  });
  return { id, json, job };
}

const INSERT_JOBS = `insert into jobs as j (id, project_id, title, webhook_url, payload, fire_at, status, next_attempt_at,
    max_attempts, retry_delays_ms, retry_max_delay_ms, timeout_ms, headers, expires_at, labels, replay_of, endpoint_id, trace_context, created_at, updated_at)
  select x.id, x.project_id, x.title, x.webhook_url, x.payload, x.fire_at, 'SCHEDULED', x.fire_at,
         x.max_attempts, x.retry_delays_ms, x.retry_max_delay_ms, x.timeout_ms, x.headers, x.expires_at, x.labels, x.replay_of, x.endpoint_id, x.trace_context, now(), now()
    from jsonb_to_recordset(?::jsonb) as x(id uuid, project_id uuid, title text, webhook_url text, payload text, fire_at timestamptz,
         max_attempts smallint, retry_delays_ms integer[], retry_max_delay_ms int, timeout_ms int, headers jsonb, expires_at timestamptz, labels jsonb, replay_of uuid,
         endpoint_id uuid, trace_context text)
  returning j.id, j.created_at as "createdAt", j.headers, j.labels`;

/**
 * Inserts the rows in one statement; the jobs come back in the rows' order. Only what the
 * database decides comes back (the creation time, and the JSON objects in its key order):
 * the rest is what was sent, and reading 500 whole rows back cost the service more than
 * building them.
 */
async function insertRows(rows: JobRow[], executor: SqlExecutor): Promise<JobRecord[]> {
  const inserted = await preparedRowsOf(executor, 'dispatch_insert_jobs', INSERT_JOBS, [`[${rows.map((row) => row.json).join(',')}]`]);
  const byId = new Map(inserted.map((row) => [row.id as string, row]));
  return rows.map(({ id, job }) => {
    const row = byId.get(id)!;
    const createdAt = new Date(row.createdAt as string);
    return {
      id, projectId: job.projectId, title: job.title, webhookUrl: job.webhookUrl, payload: job.payload, fireAt: job.fireAt, status: 'SCHEDULED', retryCount: 0,
      createdAt, updatedAt: createdAt, scheduleId: null, scheduledFor: null, ...job.options, headers: row.headers as Record<string, string> | null,
      expiresAt: job.expiresAt, labels: row.labels as Record<string, string>, replayOf: job.replayOf, endpointId: job.endpointId ?? null, heldMs: null, heldReason: null,
    };
  });
}

/** What a started attempt returns: the job, its attempt and due time, and the project's signing secrets. */
const STARTED_COLUMNS = `${JOB_COLUMNS}, j.attempt, j.next_attempt_at as "dueAt", j.trace_context as "traceContext", p.signing_secret as secret,
  case when p.previous_secret_expires_at > now() then p.previous_signing_secret end as "previousSecret"`;

/**
 * The conditions that fence a write to jobs given by id (the firing path, cancels), as one
 * opaque test on the row found by its primary key. Written plainly, they let the planner
 * reach the rows through a partial index (`jobs_due_idx` on the due time, `jobs_firing_idx`,
 * the status column), which it does whenever its statistics lag behind the table, as right
 * after a burst was created: each statement then read every job due that millisecond, or
 * every FIRING one, once per row it wrote, and a start of 1,000 jobs cost 25 times one of
 * 100. `is true` means the same in a WHERE clause and is no index condition, so the only
 * way in is the id.
 */
export const fence = (conditions: string): string => `(${conditions}) is true`;

/** A uuid[] literal: the query builder would otherwise expand an array into a list. */
const uuidArray = (ids: string[]): string => `{${ids.join(',')}}`;

/** PostgreSQL text cannot hold NUL; a receiver's answer may contain it. */
const withoutNul = (text: string | null): string | null => text?.replaceAll('\u0000', '\uFFFD') ?? null;

/**
 * The start of claimed attempts (startAttempts). Its id list comes as an array, whose
 * length even a generic plan estimates small, so the jobs are found by primary key.
 */
export const START_ATTEMPTS = `update jobs j set status = 'FIRING', attempt = attempt + 1, updated_at = now(), held_ms = null, held_reason = null,
          lease_expires_at = now() + (? * interval '1 millisecond')
     from projects p, unnest(?::uuid[], ?::timestamptz[]) as x(id, due)
    where p.id = j.project_id and j.id = x.id and ${fence(`j.next_attempt_at = x.due and j.status = 'SCHEDULED' and j.lease_owner = ?`)}
      and (j.endpoint_id is null or j.endpoint_id not in (${GATED_ENDPOINTS}))
    returning ${STARTED_COLUMNS}`;

// Opens now: closed, and the failures in a row reach the threshold (0: never).
const opens = `(not e.breaker_open and t.threshold > 0 and e.consecutive_failures + t.failures >= t.threshold)`;
// A probe failed: open, its probe time passed, and failures came in.
const reopens = `(e.breaker_open and t.failures > 0 and e.probe_at <= now())`;

/**
 * The completion of attempts (completeAttempts). The outcomes come as a JSON recordset,
 * which the planner takes for 100 rows whatever it holds: on a jobs table of up to some
 * 20,000 rows it then read the whole table for each statement (3.1 ms of backend CPU for
 * five outcomes on 12,000 rows, against 0.87 ms). The ids also come as an array
 * (`j.id = any(…)`), which sends it through the primary key at any size.
 */
export const COMPLETE_ATTEMPTS = `with input as (
     select * from jsonb_to_recordset(?::jsonb)
       as x(id uuid, attempt int, ok boolean, code int, body text, fired timestamptz, ms int, err text, next timestamptz, keep boolean,
            rf boolean, ra timestamptz)
   ), done as (
     update jobs j set
       status = case when i.ok then 'SUCCESS' when j.attempt >= coalesce(j.max_attempts, ?) or i.next is null then 'DEAD' else 'SCHEDULED' end,
       retry_count = case when not i.ok and j.attempt < coalesce(j.max_attempts, ?) and i.next is not null then j.retry_count + 1 else j.retry_count end,
       next_attempt_at = coalesce(case when not i.ok and j.attempt < coalesce(j.max_attempts, ?) then i.next end, j.next_attempt_at),
       lease_owner = case when i.keep and not i.ok and j.attempt < coalesce(j.max_attempts, ?) then j.lease_owner end,
       lease_expires_at = case when i.keep and not i.ok and j.attempt < coalesce(j.max_attempts, ?) then i.next + (? * interval '1 millisecond') end,
       updated_at = now()
     from input i
     where j.id = i.id and j.id = any(?::uuid[]) and ${fence(`j.status = 'FIRING' and j.attempt = i.attempt and j.lease_owner = ?`)}
     returning ${COMPLETED_COLUMNS}
   ), logged as (
     insert into delivery_attempts (job_id, project_id, attempt, status, response_code, response_body, fired_at, duration_ms, error)
     select i.id, d."projectId", i.attempt, case when i.ok then 'SUCCESS' else 'FAILED' end, i.code, i.body, i.fired, i.ms, i.err
       from input i join done d on d.id = i.id
     on conflict (job_id, attempt) do nothing
   ), tally as (
     select d."endpointId" as id, bool_or(i.ok) as ok, (count(*) filter (where i.rf))::int as failures, max(i.ra) as ra,
            (array_agg(i.err order by i.fired desc) filter (where i.rf or i.ra is not null))[1] as err,
            ?::int as threshold, ?::int as backoff, ?::int as max_backoff
       from input i join done d on d.id = i.id
      where d."endpointId" is not null
      group by d."endpointId"
   ), breaker as (
     update endpoints e set
       consecutive_failures = case when t.ok then 0 else e.consecutive_failures + t.failures end,
       breaker_open = case when t.ok then false else e.breaker_open or ${opens} end,
       backoff_ms = case when t.ok then null when ${opens} then t.backoff when ${reopens} then least(e.backoff_ms * 2, t.max_backoff) else e.backoff_ms end,
       opened_at = case when t.ok then null when ${opens} then now() else e.opened_at end,
       probe_at = case when t.ok then null
                       when ${opens} then now() + (t.backoff * interval '1 millisecond')
                       when ${reopens} then now() + (least(e.backoff_ms * 2, t.max_backoff) * interval '1 millisecond')
                       else e.probe_at end,
       breaker_changed_at = case when (t.ok and e.breaker_open) or ${opens} then now() else e.breaker_changed_at end,
       retry_after_until = greatest(e.retry_after_until, t.ra),
       last_error = coalesce(t.err, e.last_error),
       last_error_at = case when t.err is null then e.last_error_at else now() end,
       updated_at = now()
     from tally t
     where e.id = t.id and (t.failures > 0 or t.ra is not null or e.consecutive_failures > 0 or e.breaker_open)
     -- breaker_changed_at keeps now()'s microseconds: equal only where this statement opened or closed it.
     returning e.id as "endpointId", e.project_id as "projectId", e.origin, e.breaker_open as open, e.breaker_changed_at = now() as changed
   )
   select d.*, case when d.status = 'SCHEDULED' then d."retryCount" - 1 else d."retryCount" end as "previousRetryCount",
          (select json_agg(b) from breaker b where b.changed) as "breakerChanges"
     from done d`;
