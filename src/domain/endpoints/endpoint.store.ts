import type { EntityManager } from '@mikro-orm/postgresql';
import { withDates } from '../../db/rows.js';
import { executorOf, rowsOf, type SqlExecutor } from '../../db/sql.js';
import type { BreakerChange } from '../jobs/job.store.js';
import type { ProjectScope } from '../projects/project-scope.js';
import type { GateState } from './flow-control.js';

/** An endpoint as stored. */
export interface EndpointRecord {
  id: string;
  projectId: string;
  origin: string;
  rateLimit: number | null;
  burst: number | null;
  parallelism: number | null;
  paused: boolean;
  breakerOpen: boolean;
  consecutiveFailures: number;
  openedAt: Date | null;
  probeAt: Date | null;
  backoffMs: number | null;
  retryAfterUntil: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Attempts, successes and the latency histogram of an endpoint over a span. */
export interface EndpointTraffic {
  attempts: number;
  successes: number;
  /** Failures the breaker counts (not Retry-After answers). */
  failures: number;
  latencyBuckets: number[];
}

const DATE_FIELDS = ['openedAt', 'probeAt', 'retryAfterUntil', 'lastErrorAt', 'createdAt', 'updatedAt', 'tokensAt', 'now'];

/** What a gate pass reads of its endpoint, and the database's clock. */
export interface LockedGate extends GateState {
  holdReason: string | null;
  now: Date;
}

export const ENDPOINT_COLUMNS = `e.id, e.project_id as "projectId", e.origin, e.rate_limit as "rateLimit", e.burst, e.parallelism, e.paused,
  e.breaker_open as "breakerOpen", e.consecutive_failures as "consecutiveFailures", e.opened_at as "openedAt", e.probe_at as "probeAt",
  e.backoff_ms as "backoffMs", e.retry_after_until as "retryAfterUntil", e.last_error as "lastError", e.last_error_at as "lastErrorAt",
  e.created_at as "createdAt", e.updated_at as "updatedAt"`;

/**
 * The endpoints whose attempts start through their gate: anything that can hold them back
 * (a Retry-After stays until a gate pass finds it over). The predicate of
 * endpoints_gated_idx, which keeps this a small index scan however many endpoints exist.
 */
export const GATED_ENDPOINTS = `select id from endpoints where paused or breaker_open or rate_limit is not null or parallelism is not null or retry_after_until is not null`;

/** The SQL of endpoints: finding them by origin, their settings, and their traffic by the minute. */
export class EndpointStore {
  constructor(private readonly em: () => EntityManager) {}

  private async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return withDates<T>(await rowsOf(executorOf(this.em), sql, params), DATE_FIELDS);
  }

  /** The ids of these (project, origin) pairs, making the endpoints that do not exist yet. */
  async resolve(pairs: Array<{ projectId: string; origin: string }>): Promise<Array<{ id: string; projectId: string; origin: string }>> {
    const input = JSON.stringify(pairs.map((p) => ({ project_id: p.projectId, origin: p.origin })));
    await this.query(`insert into endpoints (project_id, origin) select x.project_id, x.origin from jsonb_to_recordset(?::jsonb) as x(project_id uuid, origin text) on conflict do nothing`, [input]);
    return this.query(
      `select e.id, e.project_id as "projectId", e.origin from endpoints e join jsonb_to_recordset(?::jsonb) as x(project_id uuid, origin text)
          on e.project_id = x.project_id and e.origin = x.origin`,
      [input],
    );
  }

  /** Every endpoint whose attempts must pass the gate. */
  async gated(): Promise<string[]> {
    return (await this.query<{ id: string }>(GATED_ENDPOINTS)).map((row) => row.id);
  }

  /** A project's endpoints, by origin. */
  async inProject(projectId: string): Promise<EndpointRecord[]> {
    return this.query(`select ${ENDPOINT_COLUMNS} from endpoints e where e.project_id = ? order by e.origin, e.id`, [projectId]);
  }

  /** The endpoint if it belongs to a project in `scope`. */
  async find(id: string, scope: ProjectScope): Promise<EndpointRecord | null> {
    const [row] = await this.query<EndpointRecord>(`select ${ENDPOINT_COLUMNS} from endpoints e where e.id = ? and ${scope.sql}`, [id, ...scope.params]);
    return row ?? null;
  }

  /** Writes the settings given (null clears a limit); a new rate refills the bucket. */
  async update(id: string, settings: { rateLimit?: number | null; burst?: number | null; parallelism?: number | null; paused?: boolean }): Promise<EndpointRecord | null> {
    const sets: string[] = [];
    const params: unknown[] = [];
    for (const [key, column] of [['rateLimit', 'rate_limit'], ['burst', 'burst'], ['parallelism', 'parallelism'], ['paused', 'paused']] as const) {
      if (settings[key] === undefined) continue;
      sets.push(`${column} = ?`);
      params.push(settings[key]);
    }
    if ('rateLimit' in settings || 'burst' in settings) sets.push('tokens = null', 'tokens_at = null');
    const [row] = await this.query<EndpointRecord>(
      `update endpoints e set ${[...sets, 'updated_at = now()'].join(', ')} where e.id = ? returning ${ENDPOINT_COLUMNS}`,
      [...params, id],
    );
    return row ?? null;
  }

  /** Opens the breaker of a closed endpoint (too many failures over its window); null when it was not closed. */
  async open(id: string, backoffMs: number): Promise<BreakerChange | null> {
    const [row] = await this.query<BreakerChange>(
      `update endpoints e set breaker_open = true, opened_at = now(), backoff_ms = ?, probe_at = now() + (? * interval '1 millisecond'),
              breaker_changed_at = now(), updated_at = now()
        where e.id = ? and not e.breaker_open
        returning e.id as "endpointId", e.project_id as "projectId", e.origin, true as open`,
      [backoffMs, backoffMs, id],
    );
    return row ?? null;
  }

  /** Adds a process's counts to the minutes they belong to. */
  async addMinutes(rows: Array<{ endpointId: string; minute: Date } & EndpointTraffic>): Promise<void> {
    if (rows.length === 0) return;
    await this.query(
      `insert into endpoint_minutes as m (endpoint_id, minute, attempts, successes, failures, latency_buckets)
       select x.endpoint_id, x.minute, x.attempts, x.successes, x.failures, x.latency_buckets
         from jsonb_to_recordset(?::jsonb) as x(endpoint_id uuid, minute timestamptz, attempts int, successes int, failures int, latency_buckets int[])
        where exists (select 1 from endpoints e where e.id = x.endpoint_id)
        order by 1, 2
       on conflict (endpoint_id, minute) do update set attempts = m.attempts + excluded.attempts, successes = m.successes + excluded.successes,
          failures = m.failures + excluded.failures,
          latency_buckets = (select array_agg(a + b order by i) from unnest(m.latency_buckets, excluded.latency_buckets) with ordinality as t(a, b, i))`,
      [JSON.stringify(rows.map((r) => ({
        endpoint_id: r.endpointId, minute: r.minute.toISOString(), attempts: r.attempts, successes: r.successes, failures: r.failures, latency_buckets: r.latencyBuckets,
      })))],
    );
  }

  /** Each endpoint's traffic since `since`. */
  async traffic(endpointIds: string[], since: Date): Promise<Map<string, EndpointTraffic>> {
    if (endpointIds.length === 0) return new Map();
    const rows = await this.query<{ endpointId: string } & EndpointTraffic>(
      `select m.endpoint_id as "endpointId", sum(m.attempts)::int as attempts, sum(m.successes)::int as successes, sum(m.failures)::int as failures,
              (select array_agg(b.total order by b.i) from (
                 select t.i, sum(t.v)::int as total from endpoint_minutes m2, unnest(m2.latency_buckets) with ordinality as t(v, i)
                  where m2.endpoint_id = m.endpoint_id and m2.minute >= ? group by t.i) b) as "latencyBuckets"
         from endpoint_minutes m where m.endpoint_id = any(?::uuid[]) and m.minute >= ? group by m.endpoint_id`,
      [since, `{${endpointIds.join(',')}}`, since],
    );
    return new Map(rows.map(({ endpointId, ...traffic }) => [endpointId, { ...traffic, latencyBuckets: traffic.latencyBuckets ?? [] }]));
  }

  // ---- the gate (one transaction per pass, see EndpointGate) ----------------------

  /** Locks the endpoint for a gate pass: null when it is gone, 'busy' when another pass holds it. */
  async lockForPass(trx: SqlExecutor, id: string): Promise<LockedGate | 'busy' | null> {
    const [row] = withDates<LockedGate>(
      await rowsOf(
        trx,
        `select paused, breaker_open as "breakerOpen", probe_at as "probeAt", retry_after_until as "retryAfterUntil", rate_limit as "rateLimit",
                burst, parallelism, tokens, tokens_at as "tokensAt", hold_reason as "holdReason", now() as now
           from endpoints where id = ? for update skip locked`,
        [id],
      ),
      DATE_FIELDS,
    );
    if (row) return row;
    const [exists] = await rowsOf(trx, 'select 1 from endpoints where id = ?', [id]);
    return exists ? 'busy' : null;
  }

  /** The endpoint's attempts in flight, whichever worker sends them. */
  async firing(trx: SqlExecutor, id: string): Promise<number> {
    const [row] = await rowsOf(trx, `select count(*)::int as n from jobs where endpoint_id = ? and status = 'FIRING'`, [id]);
    return row.n as number;
  }

  /** Whether due jobs of the endpoint still wait. */
  async hasDue(trx: SqlExecutor, id: string): Promise<boolean> {
    const rows = await rowsOf(trx, `select 1 from jobs where endpoint_id = ? and status = 'SCHEDULED' and next_attempt_at <= now() limit 1`, [id]);
    return rows.length > 0;
  }

  /** What a pass leaves: the bucket, why jobs still wait, and a Retry-After found over. */
  async afterPass(trx: SqlExecutor, id: string, after: { tokens: number | undefined; holdReason: string | null; retryAfterOver: boolean }): Promise<void> {
    const taken = after.tokens !== undefined;
    await rowsOf(
      trx,
      `update endpoints set tokens = case when ? then ?::float8 else tokens end, tokens_at = case when ? then now() else tokens_at end,
              hold_reason = ?, retry_after_until = case when ? then null else retry_after_until end
        where id = ?`,
      [taken, after.tokens ?? null, taken, after.holdReason, after.retryAfterOver, id],
    );
  }

  /**
   * Held-back endpoints that may let something through now and have due jobs waiting (the
   * reconciler starts their gate passes: their backlog is claimed by nobody).
   */
  async backlogged(): Promise<Array<{ id: string; origin: string }>> {
    return this.query(
      `select e.id, e.origin from endpoints e
        where e.id in (${GATED_ENDPOINTS}) and not e.paused and not (e.breaker_open and e.probe_at > now())
          and not coalesce(e.retry_after_until > now(), false)
          and exists (select 1 from jobs j where j.endpoint_id = e.id and j.status = 'SCHEDULED' and j.next_attempt_at <= now())`,
    );
  }

  /** Forgets minutes older than a day and a little. */
  async purgeMinutes(): Promise<void> {
    await this.query(`delete from endpoint_minutes where minute < now() - interval '26 hours'`);
  }
}
