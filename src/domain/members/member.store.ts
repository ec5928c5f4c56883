import type { EntityManager } from '@mikro-orm/postgresql';
import { executorOf, rowsOf, type SqlExecutor } from '../../db/sql.js';
import type { Role } from './roles.js';

export interface MemberRecord {
  userId: string;
  email: string;
  role: Role;
  createdAt: Date;
}

/** The tables whose rows belong to a project, for finding the project of a row by its id. */
export type ProjectResource = 'jobs' | 'schedules' | 'endpoints' | 'api_keys';

/** Project memberships and their roles. */
export class MemberStore {
  constructor(private readonly em: () => EntityManager) {}

  private rows(sql: string, params: unknown[], executor: SqlExecutor = executorOf(this.em)) {
    return rowsOf(executor, sql, params);
  }

  async roleOf(userId: string, projectId: string): Promise<Role | null> {
    const [row] = await this.rows('select role from project_members where user_id = ? and project_id = ?', [userId, projectId]);
    return (row?.role as Role | undefined) ?? null;
  }

  /** The project a row belongs to; null for an unknown id. */
  async projectOf(resource: ProjectResource, id: string): Promise<string | null> {
    // `resource` is one of the fixed table names above, never input.
    const [row] = await this.rows(`select project_id from ${resource} where id = ?`, [id]);
    return (row?.project_id as string | undefined) ?? null;
  }

  async list(projectId: string): Promise<MemberRecord[]> {
    const rows = await this.rows(
      `select m.user_id, u.email, m.role, m.created_at from project_members m join users u on u.id = m.user_id
        where m.project_id = ? order by m.created_at, u.email`,
      [projectId],
    );
    return rows.map((row) => ({ userId: row.user_id as string, email: row.email as string, role: row.role as Role, createdAt: new Date(row.created_at as string) }));
  }

  async userIdByEmail(email: string): Promise<string | null> {
    const [row] = await this.rows('select id from users where email = ?', [email]);
    return (row?.id as string | undefined) ?? null;
  }

  /** Adds a member; false when they already are one. */
  async add(projectId: string, userId: string, role: Role): Promise<boolean> {
    const rows = await this.rows(
      'insert into project_members (project_id, user_id, role, created_at) values (?, ?, ?, now()) on conflict do nothing returning user_id',
      [projectId, userId, role],
    );
    return rows.length === 1;
  }

  /**
   * Changes a member's role (`role`) or removes them (`null`), unless that would leave the
   * project without an OWNER. The project's row is locked first, so two owners demoting
   * each other at once cannot both succeed. Answers the member's role before the change
   * (null: not a member), or `'last-owner'` when refused.
   */
  async change(projectId: string, userId: string, role: Role | null): Promise<Role | null | 'last-owner'> {
    return this.em().getKnex().transaction(async (trx) => {
      const executor = trx as unknown as SqlExecutor;
      await this.rows('select id from projects where id = ? for update', [projectId], executor);
      const [current] = await this.rows('select role from project_members where project_id = ? and user_id = ?', [projectId, userId], executor);
      if (!current) return null;
      const was = current.role as Role;
      if (was === 'OWNER' && role !== 'OWNER') {
        const [owners] = await this.rows(`select count(*)::int as n from project_members where project_id = ? and role = 'OWNER'`, [projectId], executor);
        if ((owners.n as number) <= 1) return 'last-owner';
      }
      if (role === null) await this.rows('delete from project_members where project_id = ? and user_id = ?', [projectId, userId], executor);
      else await this.rows('update project_members set role = ? where project_id = ? and user_id = ?', [role, projectId, userId], executor);
      return was;
    });
  }

  /** The sessions of a user (to close their live connections when they lose a project). */
  async sessionIdsOf(userId: string): Promise<string[]> {
    return (await this.rows('select id from sessions where user_id = ?', [userId])).map((row) => row.id as string);
  }
}
