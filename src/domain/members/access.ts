import { AppError } from '../../errors.js';
import type { Principal } from '../auth/principal.js';
import { isUuid } from '../validation.js';
import type { MemberStore, ProjectResource } from './member.store.js';
import { PERMISSIONS, type Operation } from './permissions.js';
import { atLeast } from './roles.js';

/** What an operation acts on: a project (by id, when the call names one), or a row of a project. */
export type Target = { projectId?: unknown } | { resource: ProjectResource; id: unknown };

export const forbidden = (message: string) => new AppError('FORBIDDEN', message);

/**
 * Authorization, in one place for GraphQL resolvers, REST routes and subscriptions: whether a
 * principal may run an operation (PERMISSIONS) on a target.
 */
export class Access {
  constructor(private readonly members: MemberStore) {}

  /**
   * An API key needs the operation's scope; a user needs its role in the target's project.
   * Answers the principal to run the operation with: a user's is narrowed to the projects
   * where they have that role, so that a write without a target (bulk cancel) or with one
   * they are not a member of reaches nothing of those projects, and answers as for any other
   * tenant's (not found). A member with too small a role is told which role it takes.
   */
  async authorize(principal: Principal, operation: Operation, target: Target = {}): Promise<Principal> {
    const permission = PERMISSIONS[operation];
    if (principal.kind === 'apiKey') {
      if (permission.key === 'session') throw forbidden(`${operation} needs a session token, not an API key`);
      if (permission.key !== 'any' && !principal.scopes.includes(permission.key)) throw forbidden(`API key lacks the scope ${permission.key}, which ${operation} needs`);
      return principal;
    }
    const narrowed: Principal = { ...principal, role: permission.role };
    if (permission.role === 'VIEWER') return narrowed;
    const projectId = await this.projectOf(target);
    const role = projectId ? await this.members.roleOf(principal.userId, projectId) : null;
    if (role && !atLeast(role, permission.role)) throw forbidden(`${operation} needs the role ${permission.role} or above in this project (yours is ${role})`);
    return narrowed;
  }

  private async projectOf(target: Target): Promise<string | null> {
    if ('resource' in target) return typeof target.id === 'string' && isUuid(target.id) ? this.members.projectOf(target.resource, target.id) : null;
    return typeof target.projectId === 'string' && isUuid(target.projectId) ? target.projectId : null;
  }
}
