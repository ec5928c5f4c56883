import type { EntityManager } from '@mikro-orm/postgresql';
import { executorOf, rowsOf } from '../../db/sql.js';

export interface AuditRecord {
  id: string;
  projectId: string | null;
  actorKind: 'user' | 'apiKey' | 'anonymous';
  actorId: string | null;
  actorLabel: string | null;
  action: string;
  targetId: string | null;
  detail: Record<string, unknown>;
  ip: string | null;
  createdAt: Date;
}

export type NewAuditEntry = Omit<AuditRecord, 'id' | 'createdAt' | 'actorLabel'> & {
  /** Given for keys (their label); for users the store writes their email as it is now. */
  actorLabel: string | null;
};

const COLUMNS = `a.id, a.project_id as "projectId", a.actor_kind as "actorKind", a.actor_id as "actorId", a.actor_label as "actorLabel",
  a.action, a.target_id as "targetId", a.detail, a.ip, a.created_at as "createdAt"`;

/** The SQL of the audit log. */
export class AuditStore {
  constructor(private readonly em: () => EntityManager) {}

  async insert(entry: NewAuditEntry): Promise<void> {
    await rowsOf(
      executorOf(this.em),
      `insert into audit_entries (project_id, actor_kind, actor_id, actor_label, action, target_id, detail, ip, created_at)
       values (?, ?, ?, coalesce(?, (select email from users where id = ?)), ?, ?, ?::jsonb, ?, now())`,
      [entry.projectId, entry.actorKind, entry.actorId, entry.actorLabel, entry.actorKind === 'user' ? entry.actorId : null, entry.action, entry.targetId, JSON.stringify(entry.detail), entry.ip],
    );
  }

  /**
   * A project's entries, and the account entries (logins, sessions: their target is the user) of its current members, newest
   * first, after `after` (the position of the last entry of the previous page).
   */
  async page(projectId: string, after: { at: string; id: string } | undefined, limit: number): Promise<AuditRecord[]> {
    const rows = await rowsOf(
      executorOf(this.em),
      `select ${COLUMNS} from audit_entries a
        where (a.project_id = ? or (a.project_id is null and a.target_id in (select m.user_id::text from project_members m where m.project_id = ?)))
          ${after ? 'and (a.created_at, a.id) < (?::timestamptz, ?::uuid)' : ''}
        order by a.created_at desc, a.id desc limit ?`,
      [projectId, projectId, ...(after ? [after.at, after.id] : []), limit],
    );
    return rows.map((row) => ({ ...(row as unknown as AuditRecord), createdAt: new Date(row.createdAt as string) }));
  }

  /** Deletes up to `limit` entries of a project (null: account entries) older than `retentionMs`; returns how many. */
  async purge(projectId: string | null, retentionMs: number, limit: number): Promise<number> {
    const rows = await rowsOf(
      executorOf(this.em),
      `with doomed as (
         select id from audit_entries where project_id ${projectId === null ? 'is null' : '= ?'} and created_at < now() - (? * interval '1 millisecond')
          limit ? for update skip locked)
       delete from audit_entries a using doomed where a.id = doomed.id returning 1`,
      [...(projectId === null ? [] : [projectId]), retentionMs, limit],
    );
    return rows.length;
  }
}
