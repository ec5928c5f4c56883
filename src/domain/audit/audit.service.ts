import { badInput } from '../../errors.js';
import type { Principal } from '../auth/principal.js';
import type { CursorCodec } from '../cursors.js';
import { isUuid, parseBoundedInt } from '../validation.js';
import type { AuditRecord, AuditStore } from './audit.store.js';

/** Every action the audit log records. */
export type AuditAction =
  | 'member.added' | 'member.updated' | 'member.removed'
  | 'apiKey.created' | 'apiKey.revoked'
  | 'signingSecret.rotated' | 'project.updated'
  | 'endpoint.updated'
  | 'schedule.created' | 'schedule.updated' | 'schedule.paused' | 'schedule.resumed' | 'schedule.deleted'
  | 'jobs.cancelled' | 'jobs.replayed'
  | 'login.succeeded' | 'login.failed'
  | 'session.revoked' | 'sessions.revoked' | 'password.changed';

/** Who acted, when it is not a principal: someone who failed to log in. */
export interface Anonymous {
  kind: 'anonymous';
  ip?: string;
}

export interface AuditPage {
  entries: AuditRecord[];
  nextCursor: string | null;
  cursorOf(entry: AuditRecord): string;
}

const MAX_PAGE = 100;
/** Values that must never be written down, whatever a caller passes as detail. */
const SECRET = /^(sk_|whsec_)|^[0-9a-f]{64}$/;
const SECRET_NAME = /secret|password|token|^key$|hash/i;

/**
 * The audit log: sensitive actions with their actor (user id and email, or API key id and
 * label), project, target, address and time. Entries are written after the action
 * succeeded; read by a project's OWNERs and ADMINs, newest first, paged by signed cursors;
 * deleted with the project's retention.
 */
export class AuditLog {
  constructor(
    private readonly store: AuditStore,
    private readonly cursors: CursorCodec,
  ) {}

  async record(actor: Principal | Anonymous, action: AuditAction, projectId: string | null, targetId: string | null = null, detail: Record<string, unknown> = {}): Promise<void> {
    await this.store.insert({
      projectId,
      actorKind: actor.kind,
      actorId: actor.kind === 'anonymous' ? null : actor.kind === 'apiKey' ? actor.apiKeyId : actor.userId,
      actorLabel: actor.kind === 'apiKey' ? actor.label : null,
      action,
      targetId,
      detail: withoutSecrets(detail),
      ip: actor.ip ?? null,
    });
  }

  /** A project's entries (the caller was authorized for `auditLog` on it). */
  async page(projectId: string, first: unknown, after: unknown): Promise<AuditPage> {
    const limit = parseBoundedInt(first, 'first', 20, 1, MAX_PAGE);
    const key = JSON.stringify(['audit', projectId]);
    let position: { at: string; id: string } | undefined;
    if (after !== undefined && after !== null && after !== '') {
      const [at, id] = this.cursors.decode(after, key, 'after');
      if (typeof at !== 'string' || typeof id !== 'string' || !isUuid(id)) throw badInput('after', 'after is not a cursor of this query');
      position = { at, id };
    }
    const rows = isUuid(projectId) ? await this.store.page(projectId, position, limit + 1) : [];
    const entries = rows.slice(0, limit);
    const cursorOf = (entry: AuditRecord) => this.cursors.encode(key, [entry.createdAt.toISOString(), entry.id]);
    return { entries, nextCursor: rows.length > limit ? cursorOf(entries[entries.length - 1]) : null, cursorOf };
  }

  purge(projectId: string | null, retentionMs: number, limit: number): Promise<number> {
    return this.store.purge(projectId, retentionMs, limit);
  }
}

/** The detail with anything that looks like, or is named like, a secret left out. */
function withoutSecrets(detail: Record<string, unknown>): Record<string, unknown> {
  const clean = (value: unknown): unknown => {
    if (typeof value === 'string') return SECRET.test(value) ? '[redacted]' : value;
    if (Array.isArray(value)) return value.map(clean);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).filter(([name]) => !SECRET_NAME.test(name)).map(([name, inner]) => [name, clean(inner)]));
    }
    return value;
  };
  return clean(detail) as Record<string, unknown>;
}
