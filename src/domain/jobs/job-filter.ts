import { badInput } from '../../errors.js';
import type { Principal } from '../auth/principal.js';
import { and, narrowedTo, NO_ID, visibleTo, type ProjectScope } from '../projects/project-scope.js';
import { isUuid, parseFireAt } from '../validation.js';
import { parseLabels } from './delivery-options.js';
import { isJobStatus, JOB_STATUSES } from './job-status.js';

/** Which jobs: lists, cursors and bulk actions all take this (GraphQL `JobFilter`, REST query or body). */
export interface JobFilterInput {
  ids?: unknown;
  projectId?: unknown;
  status?: unknown;
  /** Every given `key: value` must be on the job. */
  labels?: unknown;
  scheduleId?: unknown;
  /** fireAt in [fireAtFrom, fireAtTo). */
  fireAtFrom?: unknown;
  fireAtTo?: unknown;
  /** createdAt in [createdAtFrom, createdAtTo). */
  createdAtFrom?: unknown;
  createdAtTo?: unknown;
  /** Titles containing this text, in any letter case. */
  search?: unknown;
}

const FILTER_KEYS: Array<keyof JobFilterInput> = ['ids', 'projectId', 'status', 'labels', 'scheduleId', 'fireAtFrom', 'fireAtTo', 'createdAtFrom', 'createdAtTo', 'search'];
const MAX_SEARCH = 200;

/** At most this many ids in one filter. */
export const MAX_FILTER_IDS = 10_000;

const given = (value: unknown) => value !== undefined && value !== null && value !== '';

/**
 * The SQL condition on `jobs j` for a filter, always within what the principal may see.
 * An id that is not a uuid, or a project that is not the caller's, matches nothing (as
 * an unknown one would) rather than being an error.
 */
export function jobCondition(principal: Principal, filter: JobFilterInput): ProjectScope {
  const scope = narrowedTo(visibleTo(principal, 'j.project_id'), 'j.project_id', given(filter.projectId) ? String(filter.projectId) : undefined);
  const rest = filterCondition(filter);
  return { sql: `${scope.sql}${rest.sql ? ` and ${rest.sql}` : ''}`, params: [...scope.params, ...rest.params] };
}

/** The filter's conditions on `jobs j` other than its projects (which the caller's scope and `projectId` decide). */
export function filterCondition(filter: JobFilterInput): ProjectScope {
  let scope: ProjectScope = { sql: 'true', params: [] };
  if (given(filter.ids)) {
    if (!Array.isArray(filter.ids) || filter.ids.length === 0 || filter.ids.length > MAX_FILTER_IDS) {
      throw badInput('ids', `ids must be a list of 1 to ${MAX_FILTER_IDS} job ids`);
    }
    scope = and(scope, 'j.id = any(?::uuid[])', `{${filter.ids.map(String).filter(isUuid).join(',')}}`);
  }
  if (given(filter.status)) {
    if (!isJobStatus(filter.status)) throw badInput('status', `status must be one of ${JOB_STATUSES.join(', ')}`);
    scope = and(scope, 'j.status = ?', filter.status);
  }
  if (given(filter.scheduleId)) scope = and(scope, 'j.schedule_id = ?', isUuid(String(filter.scheduleId)) ? String(filter.scheduleId) : NO_ID);
  if (given(filter.labels)) {
    const labels = parseLabels(filter.labels);
    // The label index holds only labelled jobs: the first condition lets the planner use it.
    if (Object.keys(labels).length > 0) scope = and(scope, `j.labels <> '{}' and j.labels @> ?::jsonb`, JSON.stringify(labels));
  }
  for (const [field, column, op] of [['fireAtFrom', 'fire_at', '>='], ['fireAtTo', 'fire_at', '<'], ['createdAtFrom', 'created_at', '>='], ['createdAtTo', 'created_at', '<']] as const) {
    if (given(filter[field])) scope = and(scope, `j.${column} ${op} ?`, parseFireAt(filter[field], Number.NEGATIVE_INFINITY, field));
  }
  // Titles are searched in job_titles (its trigram index is written once per job, not at every status change).
  if (given(filter.search)) scope = and(scope, `exists (select 1 from job_titles t where t.job_id = j.id and t.title ilike ?)`, searchPattern(filter.search));
  return scope.sql === 'true' ? { sql: '', params: [] } : { sql: scope.sql.replace(/^true and /, ''), params: scope.params };
}

/** Whether a filter sets no condition other than these. */
const limitedTo = (filter: JobFilterInput, keys: Array<keyof JobFilterInput>): boolean => FILTER_KEYS.every((key) => keys.includes(key) || !given(filter[key]));

/** Whether a filter limits only by project and status: the counts kept per project and status then answer how many match. */
export const countedByStatus = (filter: JobFilterInput): boolean => limitedTo(filter, ['projectId', 'status']);

/** Whether a filter is a title search and at most a project: job_titles alone (it keeps each title's project) then answers how many match. */
export const titleSearchOnly = (filter: JobFilterInput): boolean => given(filter.search) && limitedTo(filter, ['projectId', 'search']);

/** The ILIKE pattern of a search: the text anywhere in the title. */
export const searchPattern = (search: unknown): string => `%${likeEscaped(parseSearch(search))}%`;

function parseSearch(value: unknown): string {
  if (typeof value !== 'string') throw badInput('search', 'search must be a string');
  if (value.length > MAX_SEARCH) throw badInput('search', `search must be at most ${MAX_SEARCH} characters`);
  return value;
}

/** `%`, `_` and `\` match themselves in a search. */
const likeEscaped = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Bulk actions must say which jobs: an empty filter (every job of every project) is refused. */
export function requireSomeCondition(filter: JobFilterInput): void {
  const keys = FILTER_KEYS;
  const labelsEmpty = typeof filter.labels === 'object' && filter.labels !== null && Object.keys(filter.labels).length === 0;
  if (!keys.some((key) => given(filter[key]) && !(key === 'labels' && labelsEmpty))) {
    throw badInput('filter', `filter must set at least one of ${keys.join(', ')}`);
  }
}
