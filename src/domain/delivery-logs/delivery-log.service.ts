import { badInput } from '../../errors.js';
import type { Principal } from '../auth/principal.js';
import { cursorScope, visibleProjectIds } from '../projects/project-scope.js';
import type { CursorCodec } from '../cursors.js';
import type { JobService } from '../jobs/job.service.js';
import type { JobListStore } from '../jobs/job-list.store.js';
import { isUuid, parseBoundedInt, parseFireAt } from '../validation.js';
import type { DeliveryLogRecord, DeliveryLogStore } from './delivery-log.store.js';

export interface LogQuery {
  projectId?: unknown;
  jobId?: unknown;
  /** SUCCESS or FAILED. */
  status?: unknown;
  since?: unknown;
  until?: unknown;
  limit?: unknown;
}

export interface LogPage {
  logs: DeliveryLogRecord[];
  nextCursor: string | null;
  cursorOf(log: DeliveryLogRecord): string;
}

/** A job's logs without arguments: at most this many, newest first (the unpaginated form). */
export const DEFAULT_JOB_LOGS = 100;
const MAX_PAGE = 100;
const given = (value: unknown) => value !== undefined && value !== null && value !== '';

/**
 * Delivery logs for every transport: a project's (or all the caller's projects'), filtered
 * by outcome and time, or one job's, newest first, paged by signed cursors.
 */
export class DeliveryLogService {
  constructor(
    private readonly store: DeliveryLogStore,
    private readonly jobs: JobService,
    private readonly projects: Pick<JobListStore, 'projectsOf'>,
    private readonly cursors: CursorCodec,
  ) {}

  async list(principal: Principal, query: LogQuery, cursor: unknown, cursorField: string): Promise<LogPage> {
    if (given(query.jobId)) return this.ofJob(principal, String(query.jobId), { limit: query.limit, limitField: 'limit', cursor, cursorField });
    const limit = parseBoundedInt(query.limit, 'limit', 20, 1, MAX_PAGE);
    const status = parseOutcome(query.status);
    const since = given(query.since) ? parseFireAt(query.since, Number.NEGATIVE_INFINITY, 'since') : undefined;
    const until = given(query.until) ? parseFireAt(query.until, Number.NEGATIVE_INFINITY, 'until') : undefined;
    const key = JSON.stringify(['logs', cursorScope(principal), query.projectId ?? null, status ?? null, since?.toISOString() ?? null, until?.toISOString() ?? null]);
    const after = this.position(cursor, key, cursorField);
    const projectIds = await visibleProjectIds(principal, query.projectId, (members, only) => this.projects.projectsOf(members, only));
    const rows = projectIds.length === 0 ? [] : await this.store.page({ projectIds, status, since, until, after, limit: limit + 1 });
    return this.paged(rows, limit, key);
  }

  /** One job's logs (a 404 for a job the caller cannot see); the field names are the transport's (`first`/`after`, `limit`/`cursor`). */
  async ofJob(principal: Principal, jobId: string, page: { limit: unknown; limitField: string; cursor: unknown; cursorField: string }): Promise<LogPage> {
    const { cursor, cursorField } = page;
    const limit = parseBoundedInt(page.limit, page.limitField, DEFAULT_JOB_LOGS, 1, MAX_PAGE);
    const job = await this.jobs.get(principal, jobId);
    const key = JSON.stringify(['job-logs', job.id]);
    const rows = await this.store.ofJob(job.id, this.position(cursor, key, cursorField), limit + 1);
    return this.paged(rows, limit, key);
  }

  private paged(rows: DeliveryLogRecord[], limit: number, key: string): LogPage {
    const logs = rows.slice(0, limit);
    const cursorOf = (log: DeliveryLogRecord) => this.cursors.encode(key, [log.firedAt.toISOString(), log.id]);
    return { logs, nextCursor: rows.length > limit ? cursorOf(logs[logs.length - 1]) : null, cursorOf };
  }

  private position(cursor: unknown, key: string, field: string): { at: string; id: string } | undefined {
    if (!given(cursor)) return undefined;
    const [at, id] = this.cursors.decode(cursor, key, field);
    if (typeof at !== 'string' || typeof id !== 'string' || !isUuid(id)) throw badInput(field, `${field} is not a cursor of this query`);
    return { at, id };
  }
}

function parseOutcome(value: unknown): 'SUCCESS' | 'FAILED' | undefined {
  if (!given(value)) return undefined;
  if (value !== 'SUCCESS' && value !== 'FAILED') throw badInput('status', 'status must be SUCCESS or FAILED');
  return value;
}
