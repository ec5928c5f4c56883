import { badInput, notFound } from '../../errors.js';
import type { Principal } from '../auth/principal.js';
import { rolesAtLeast } from '../members/roles.js';
import { isUuid } from '../validation.js';

/** A SQL condition (with its parameters) limiting rows to the projects a caller may see. */
export interface ProjectScope {
  sql: string;
  params: unknown[];
}

/**
 * The ids of the projects a user is a member of, with at least the role the current
 * operation needs (`principal.role`, see Access.authorize), as a sub-select.
 */
export function memberProjects(principal: Extract<Principal, { kind: 'user' }>): ProjectScope {
  // Role names are the fixed constants of ROLES, never input: safe to write into the SQL.
  const roles = principal.role && principal.role !== 'VIEWER' ? ` and m.role in (${rolesAtLeast(principal.role).map((role) => `'${role}'`).join(', ')})` : '';
  return { sql: `select m.project_id from project_members m where m.user_id = ?${roles}`, params: [principal.userId] };
}

/**
 * The rows whose `column` (a project id column, e.g. `j.project_id`) belongs to a project
 * the principal may see: an API key's own project, or every project the user is a member
 * of (with the role the operation needs). Every tenant-scoped query starts from this, so a
 * row of another tenant is never reached.
 */
export function visibleTo(principal: Principal, column: string): ProjectScope {
  if (principal.kind === 'apiKey') return { sql: `${column} = ?`, params: [principal.projectId] };
  const members = memberProjects(principal);
  return { sql: `${column} in (${members.sql})`, params: members.params };
}

/** The scope narrowed by one more condition. */
export function and(scope: ProjectScope, sql: string, ...params: unknown[]): ProjectScope {
  return { sql: `${scope.sql} and ${sql}`, params: [...scope.params, ...params] };
}

/** Stands in for an id that is not a uuid: it matches no row, as an unknown id would. */
export const NO_ID = '00000000-0000-0000-0000-000000000000';

/** Narrows a scope to one requested project; an id the caller cannot see (or not a uuid) matches nothing, like an unknown one. */
export function narrowedTo(scope: ProjectScope, column: string, projectId: string | undefined): ProjectScope {
  return projectId === undefined ? scope : and(scope, `${column} = ?`, isUuid(projectId) ? projectId : NO_ID);
}

/**
 * The project a write goes to: an API key's own (a different projectId is "not found"), or
 * for a session the required `projectId`, which must be one of the user's.
 */
export async function targetProject(
  principal: Principal,
  requested: unknown,
  canSee: (principal: Principal, projectId: string) => Promise<boolean>,
): Promise<string> {
  if (principal.kind === 'apiKey') {
    if (requested !== undefined && requested !== null && requested !== principal.projectId) throw notFound('Project');
    return principal.projectId;
  }
  if (typeof requested !== 'string' || !requested) throw badInput('projectId', 'projectId is required with a session token');
  if (!isUuid(requested) || !(await canSee(principal, requested))) throw notFound('Project');
  return requested;
}

/**
 * The ids of the projects a principal may see, narrowed to `projectId` when one is given (an
 * id that is not theirs, or not a uuid, leaves none, as an unknown one would).
 */
export async function visibleProjectIds(
  principal: Principal,
  projectId: unknown,
  projectsOf: (members: ProjectScope, only?: string) => Promise<string[]>,
): Promise<string[]> {
  const only = projectId === undefined || projectId === null || projectId === '' ? undefined : String(projectId);
  if (only !== undefined && !isUuid(only)) return [];
  if (principal.kind === 'apiKey') return only === undefined || only === principal.projectId ? [principal.projectId] : [];
  return projectsOf(memberProjects(principal), only);
}

/** Whose a page cursor is: a project's keys share theirs, a user's sessions theirs. */
export const cursorScope = (principal: Principal): string => (principal.kind === 'apiKey' ? `project:${principal.projectId}` : `user:${principal.userId}`);
