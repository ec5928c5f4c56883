import { badInput, notFound } from '../../errors.js';
import type { Principal } from '../auth/principal.js';
import { normalizeEmail } from '../auth/email.js';
import type { AuditLog } from '../audit/audit.service.js';
import { isUuid } from '../validation.js';
import { forbidden } from './access.js';
import type { MemberRecord, MemberStore } from './member.store.js';
import { isRole, ROLES, type Role } from './roles.js';

/**
 * A project's members. The transports authorize each call first (Access: admins and
 * owners manage members); this adds the rules between roles: only an OWNER makes, changes
 * or removes an OWNER, and a project always keeps one (ownership passes by making another
 * member OWNER, after which the former owner may step down or leave).
 */
export class MemberService {
  constructor(
    private readonly store: MemberStore,
    private readonly audit: Pick<AuditLog, 'record'>,
    /** Told of each session of a member who lost a project: its live connections reconnect to see less. */
    private readonly onAccessChanged: (sessionId: string) => void = () => undefined,
  ) {}

  list(projectId: string): Promise<MemberRecord[]> {
    return this.store.list(projectId);
  }

  /** Adds an existing user (by email) with `role`; answers the new member. */
  async add(principal: Principal, projectId: string, email: string, role: unknown): Promise<MemberRecord> {
    const actor = await this.actorRole(principal, projectId);
    const wanted = requireRole(role);
    if (wanted === 'OWNER') requireOwner(actor, 'make an OWNER');
    const userId = await this.store.userIdByEmail(normalizeEmail(email));
    if (!userId) throw notFound('User');
    if (!(await this.store.add(projectId, userId, wanted))) throw badInput('email', 'this user is already a member of the project');
    const member = await this.member(projectId, userId);
    await this.audit.record(principal, 'member.added', projectId, userId, { email: member.email, role: wanted });
    return member;
  }

  /** Gives a member another role; answers the member as they are now. */
  async update(principal: Principal, projectId: string, userId: string, role: unknown): Promise<MemberRecord> {
    const actor = await this.actorRole(principal, projectId);
    const wanted = requireRole(role);
    const current = isUuid(userId) ? await this.store.roleOf(userId, projectId) : null;
    if (!current) throw notFound('Member');
    if (current === 'OWNER' || wanted === 'OWNER') requireOwner(actor, 'make, change or remove an OWNER');
    if ((await this.store.change(projectId, userId, wanted)) === 'last-owner') throw lastOwner('role');
    const member = await this.member(projectId, userId);
    await this.audit.record(principal, 'member.updated', projectId, userId, { email: member.email, role: wanted, previousRole: current });
    return member;
  }

  /** Removes a member (or the caller leaves); answers the member as they were. */
  async remove(principal: Principal, projectId: string, userId: string): Promise<MemberRecord> {
    const actor = await this.actorRole(principal, projectId);
    const current = isUuid(userId) ? await this.store.roleOf(userId, projectId) : null;
    if (!current) throw notFound('Member');
    const member = await this.member(projectId, userId);
    const leaving = principal.kind === 'user' && principal.userId === userId;
    if (current === 'OWNER' && !leaving) requireOwner(actor, 'make, change or remove an OWNER');
    if ((await this.store.change(projectId, userId, null)) === 'last-owner') throw lastOwner('userId');
    await this.audit.record(principal, 'member.removed', projectId, userId, { email: member.email, role: current, left: leaving });
    for (const sessionId of await this.store.sessionIdsOf(userId)) this.onAccessChanged(sessionId);
    return member;
  }

  private async member(projectId: string, userId: string): Promise<MemberRecord> {
    const member = (await this.store.list(projectId)).find((m) => m.userId === userId);
    if (!member) throw notFound('Member');
    return member;
  }

  /** The caller's role in the project; a project they are not in is not found. */
  private async actorRole(principal: Principal, projectId: string): Promise<Role> {
    const role = principal.kind === 'user' && isUuid(projectId) ? await this.store.roleOf(principal.userId, projectId) : null;
    if (!role) throw notFound('Project');
    return role;
  }
}

function requireRole(role: unknown): Role {
  if (!isRole(role)) throw badInput('role', `role must be one of ${ROLES.join(', ')}`);
  return role;
}

function requireOwner(actor: Role, what: string): void {
  if (actor !== 'OWNER') throw forbidden(`only the role OWNER may ${what} (yours is ${actor})`);
}

const lastOwner = (field: string) => badInput(field, 'a project must keep at least one OWNER: make another member OWNER first');
