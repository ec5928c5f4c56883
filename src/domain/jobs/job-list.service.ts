import { badInput } from '../../errors.js';
import type { Principal } from '../auth/principal.js';
import { cursorScope, visibleProjectIds } from '../projects/project-scope.js';
import type { CursorCodec } from '../cursors.js';
import { isUuid, parseBoundedInt } from '../validation.js';
import { countedByStatus, filterCondition, searchPattern, titleSearchOnly, type JobFilterInput } from './job-filter.js';
import type { JobListStore, JobOrder } from './job-list.store.js';
import type { JobStatus } from './job-status.js';
import type { JobRecord } from './job.store.js';

export interface JobListQuery extends JobFilterInput {
  page?: unknown;
  limit?: unknown;
}

/** Above this many matching jobs a filtered list's total is the planner's estimate (and says so): counting a common search word exactly to 10,000 cost 166 ms at a million jobs. */
export const COUNT_CAP = 1_000;
const MAX_PAGE_SIZE = 100;

export type ListedJob = JobRecord & { projectName: string };

export interface JobPage {
  jobs: ListedJob[];
  /** `page` is null for a page read by cursor. */
  pagination: { total: number; page: number | null; limit: number; totalPages: number; totalIsEstimate: boolean };
  /** The cursor after the last job, or null when there are no more. */
  nextCursor: string | null;
  /** Each job's own cursor (for Relay edges). */
  cursorOf(job: ListedJob): string;
}

/**
 * Lists of jobs for every transport: by page number (the product's `page`/`limit`) or by
 * cursor, newest first, always within the caller's projects; with a total that never
 * costs a scan of the table (see JobListStore).
 */
export class JobListService {
  constructor(
    private readonly store: JobListStore,
    private readonly cursors: CursorCodec,
  ) {}

  /**
   * `cursor` undefined: by page number; a string ('' for the first): by cursor. `fields`
   * are what the transport calls the page size and the cursor (`first`/`after` in GraphQL).
   */
  async list(principal: Principal, query: JobListQuery, cursor?: unknown, fields = { limit: 'limit', cursor: 'cursor' }): Promise<JobPage> {
    const cursorField = fields.cursor;
    const limit = parseBoundedInt(query.limit, fields.limit, 20, 1, MAX_PAGE_SIZE);
    const byCursor = cursor !== undefined && cursor !== null;
    const page = byCursor ? null : parseBoundedInt(query.page, 'page', 1, 1, 1_000_000);
    const order: JobOrder = given(query.scheduleId) ? 'occurrence' : 'created';
    const where = filterCondition(query);
    const queryKey = jobsQueryKey(principal, order, query);
    const after = byCursor && cursor !== '' ? this.position(cursor, queryKey, cursorField) : undefined;
    const projectIds = await visibleProjectIds(principal, query.projectId, (members, only) => this.store.projectsOf(members, only));
    const [rows, count] = await Promise.all([
      projectIds.length === 0 ? [] : this.store.page({ projectIds, where, order, after, offset: page ? (page - 1) * limit : 0, limit: limit + 1 }),
      this.total(projectIds, query, where),
    ]);
    const jobs = rows.slice(0, limit);
    const keyOf = (job: ListedJob) => [(order === 'occurrence' ? job.scheduledFor! : job.createdAt).toISOString(), job.id];
    const cursorOf = (job: ListedJob) => this.cursors.encode(queryKey, keyOf(job));
    return {
      jobs,
      pagination: { total: count.total, page, limit, totalPages: Math.ceil(count.total / limit), totalIsEstimate: count.estimate },
      nextCursor: rows.length > limit ? cursorOf(jobs[jobs.length - 1]) : null,
      cursorOf,
    };
  }

  private position(cursor: unknown, queryKey: string, field: string): { at: string; id: string } {
    const [at, id] = this.cursors.decode(cursor, queryKey, field);
    if (typeof at !== 'string' || typeof id !== 'string' || !isUuid(id) || Number.isNaN(Date.parse(at))) throw badInput(field, `${field} is not a cursor of this query`);
    return { at, id };
  }

  private async total(projectIds: string[], query: JobListQuery, where: ReturnType<typeof filterCondition>) {
    if (projectIds.length === 0) return { total: 0, estimate: false };
    if (countedByStatus(query)) return { total: await this.store.countByStatus(projectIds, given(query.status) ? (query.status as JobStatus) : undefined), estimate: false };
    if (titleSearchOnly(query)) return this.store.countTitles(projectIds, searchPattern(query.search), COUNT_CAP);
    return this.store.countMatching(projectIds, where, COUNT_CAP);
  }
}

const given = (value: unknown) => value !== undefined && value !== null && value !== '';


/** What a jobs cursor is bound to: the caller, the order and the filter's given conditions. */
export const jobsQueryKey = (principal: Principal, order: JobOrder, query: JobFilterInput): string => JSON.stringify(['jobs', cursorScope(principal), order, normalised(query)]);

/** The filter's given conditions, in a fixed order. */
function normalised(query: JobFilterInput): unknown[] {
  const keys: Array<keyof JobFilterInput> = ['ids', 'projectId', 'status', 'labels', 'scheduleId', 'fireAtFrom', 'fireAtTo', 'createdAtFrom', 'createdAtTo', 'search'];
  return keys.map((key) => (given(query[key]) ? (query[key] instanceof Date ? (query[key] as Date).toISOString() : query[key]) : null));
}
