import { hash, verify } from '@node-rs/argon2';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Session, User } from '../../db/entities/index.js';
import { AppError, badInput, notFound, unauthenticated } from '../../errors.js';
import { isUuid } from '../validation.js';
import { CredentialCache } from './credential-cache.js';
import { normalizeEmail } from './email.js';
import type { AuditLog } from '../audit/audit.service.js';
import type { Scope } from '../members/scopes.js';
import type { Principal } from './principal.js';
import { API_KEY_PATTERN, newSessionToken, sha256 } from './tokens.js';

const SESSION_TTL_MS = 30 * 24 * 3_600_000;
// algorithm 2 is Argon2id (the package exports it as a const enum, which isolated modules cannot read).
const ARGON2 = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };
/** Verified against when the email is unknown, so login takes the same time either way. */
const DUMMY_HASH = hash('not-a-real-password', ARGON2);

/** Where a login came from, kept on its session. */
export interface ClientInfo {
  ip?: string;
  userAgent?: string;
}

const MAX_USER_AGENT = 512;

export interface AuthResult {
  token: string;
  user: User;
}

/** Accounts, sessions and credential checks. */
export class AuthService {
  private readonly verified = new CredentialCache();

  constructor(
    private readonly em: () => EntityManager,
    /** Told when a session ends, so live connections resting on it close. */
    private readonly onCredentialEnded: (credentialId: string) => void = () => undefined,
    private readonly audit: Pick<AuditLog, 'record'> | undefined = undefined,
  ) {}

  async register(email: string, password: string, client: ClientInfo = {}): Promise<AuthResult> {
    const normalized = normalizeEmail(email);
    checkPassword(password, 'password');
    const em = this.em();
    const user = em.create(User, { email: normalized, passwordHash: await hash(password, ARGON2) });
    try {
      await em.persistAndFlush(user);
    } catch (error) {
      if ((error as { code?: string }).code === '23505') throw badInput('email', 'email is already registered');
      throw error;
    }
    return { token: await this.openSession(em, user, client), user };
  }

  /** Opens a session; every attempt, successful or not, goes to the audit log with the client's address. */
  async login(email: string, password: string, client: ClientInfo = {}): Promise<AuthResult> {
    const ip = client.ip;
    const em = this.em();
    const normalized = normalizeEmail(email);
    const user = await em.findOne(User, { email: normalized });
    const valid = await verify(user?.passwordHash ?? (await DUMMY_HASH), password).catch(() => false);
    if (!user || !valid) {
      await this.audit?.record({ kind: 'anonymous', ip }, 'login.failed', null, user?.id ?? null, { email: normalized });
      throw unauthenticated('Invalid email or password');
    }
    const token = await this.openSession(em, user, client);
    await this.audit?.record({ kind: 'user', userId: user.id, sessionId: '', ip }, 'login.succeeded', null, user.id);
    return { token, user };
  }

  async logout(principal: Principal): Promise<boolean> {
    if (principal.kind !== 'user') throw new AppError('FORBIDDEN', 'logout needs a session token, not an API key');
    await this.em().nativeDelete(Session, { id: principal.sessionId });
    this.onCredentialEnded(principal.sessionId);
    return true;
  }

  /** The caller's sessions that have not expired, newest first. */
  async sessions(principal: Principal): Promise<Session[]> {
    const userId = requireSession(principal, 'sessions');
    return this.em().find(Session, { user: userId, expiresAt: { $gt: new Date() } }, { orderBy: { createdAt: 'desc', id: 'desc' } });
  }

  /** Ends one of the caller's sessions (its open WebSocket connections close); another user's is not found. */
  async revokeSession(principal: Principal, id: string): Promise<boolean> {
    const userId = requireSession(principal, 'revokeSession');
    const deleted = isUuid(id) ? await this.em().nativeDelete(Session, { id, user: userId }) : 0;
    if (deleted === 0) throw notFound('Session');
    this.onCredentialEnded(id);
    await this.audit?.record(principal, 'session.revoked', null, userId, { sessionId: id });
    return true;
  }

  /** Ends every session of the caller, this one included. */
  async logoutEverywhere(principal: Principal): Promise<boolean> {
    const userId = requireSession(principal, 'logoutEverywhere');
    const count = await this.endSessions(userId, null);
    await this.audit?.record(principal, 'sessions.revoked', null, userId, { count });
    return true;
  }

  /** A new password, given the current one; every other session of the user ends. */
  async changePassword(principal: Principal, currentPassword: string, newPassword: string): Promise<boolean> {
    const userId = requireSession(principal, 'changePassword');
    checkPassword(newPassword, 'newPassword');
    const em = this.em();
    const user = await em.findOneOrFail(User, { id: userId });
    if (!(await verify(user.passwordHash, currentPassword).catch(() => false))) throw badInput('currentPassword', 'currentPassword is not this account’s password');
    user.passwordHash = await hash(newPassword, ARGON2);
    await em.flush();
    const ended = await this.endSessions(userId, principal.kind === 'user' ? principal.sessionId : null);
    await this.audit?.record(principal, 'password.changed', null, userId, { sessionsEnded: ended });
    return true;
  }

  /** Deletes a user's sessions but `keep`, and closes what rested on them; returns how many. */
  private async endSessions(userId: string, keep: string | null): Promise<number> {
    const rows = await this.em().getConnection().execute<Array<{ id: string }>>(
      `delete from sessions where user_id = ?${keep ? ' and id <> ?' : ''} returning id`,
      [userId, ...(keep ? [keep] : [])],
    );
    for (const { id } of rows) this.onCredentialEnded(id);
    return rows.length;
  }

  async me(principal: Principal): Promise<User | null> {
    return this.em().findOne(User, { id: principal.userId });
  }

  /** Resolves `Authorization: Bearer <token>`; null when missing, unknown or expired. */
  async authenticateSession(token: string): Promise<Principal | null> {
    const tokenHash = sha256(token);
    const cached = this.verified.get(tokenHash);
    if (cached) return cached;
    const em = this.em();
    const session = await em.findOne(Session, { tokenHash, expiresAt: { $gt: new Date() } });
    if (!session) return null;
    // Last use to the minute, as for API keys: not a write per request.
    if (!session.lastSeenAt || session.lastSeenAt.getTime() < Date.now() - 60_000) {
      await em.getConnection().execute('update sessions set last_seen_at = now() where id = ?', [session.id]);
    }
    const principal: Principal = { kind: 'user', userId: session.user.id, sessionId: session.id, expiresAt: session.expiresAt.getTime() };
    this.verified.set(tokenHash, principal, session.expiresAt.getTime());
    return principal;
  }

  /** An API key was revoked or a session ended (here or on another instance): stop trusting it. */
  forget(credentialId: string): void {
    this.verified.forget(credentialId);
  }

  /**
   * Resolves `x-api-key`; null when malformed, unknown, revoked or expired. Records last use
   * to the minute: a write on every request would make every request of a busy key wait for
   * a commit (and queue on that one row).
   */
  async authenticateApiKey(key: string): Promise<Principal | null> {
    if (!API_KEY_PATTERN.test(key)) return null;
    const keyHash = sha256(key);
    const cached = this.verified.get(keyHash);
    if (cached) return cached;
    const connection = this.em().getConnection();
    const [row]: Array<{ id: string; project_id: string; label: string; scopes: Scope[]; expires_at: Date | null; owner_id: string | null; stale: boolean }> = await connection.execute(
      `select k.id, k.project_id, k.label, k.scopes, k.expires_at,
              (select m.user_id from project_members m where m.project_id = k.project_id and m.role = 'OWNER' order by m.created_at limit 1) as owner_id,
              (k.last_used_at is null or k.last_used_at < now() - interval '1 minute') as stale
         from api_keys k
        where k.key_hash = ? and k.revoked_at is null and (k.expires_at is null or k.expires_at > now())`,
      [keyHash],
    );
    if (!row) return null;
    if (row.stale) await connection.execute('update api_keys set last_used_at = now() where id = ?', [row.id]);
    // A key acts for its project; its user (for `me` and the per-user read limit) is the project's first owner.
    const expiresAt = row.expires_at ? new Date(row.expires_at).getTime() : undefined;
    const principal: Principal = { kind: 'apiKey', userId: row.owner_id ?? row.project_id, projectId: row.project_id, apiKeyId: row.id, label: row.label, scopes: row.scopes, expiresAt };
    this.verified.set(keyHash, principal, expiresAt);
    return principal;
  }

  private async openSession(em: EntityManager, user: User, client: ClientInfo): Promise<string> {
    const token = newSessionToken();
    const now = new Date();
    em.create(Session, {
      user, tokenHash: sha256(token), createdAt: now, expiresAt: new Date(now.getTime() + SESSION_TTL_MS), lastSeenAt: now,
      ip: client.ip ?? null, userAgent: client.userAgent?.replaceAll('\0', '').slice(0, MAX_USER_AGENT) ?? null,
    });
    await em.flush();
    return token;
  }
}



/** Account operations take a person's session, not a project's key. */
function requireSession(principal: Principal, operation: string): string {
  if (principal.kind !== 'user') throw new AppError('FORBIDDEN', `${operation} needs a session token, not an API key`);
  return principal.userId;
}

function checkPassword(password: string, field: string): void {
  if (password.length < 8) throw badInput(field, `${field} must be at least 8 characters`);
  if (password.length > 1024) throw badInput(field, `${field} must be at most 1024 characters`);
}
