import type { EntityManager } from '@mikro-orm/postgresql';
import { executorOf, rowsOf } from '../../db/sql.js';

/**
 * The SQL of retention: per project, its oldest finished jobs (through the index of
 * finished jobs by project and finish time), deleted a batch at a time with their logs
 * (the foreign key cascades). Rows another instance is deleting are skipped, not waited on.
 */
export class RetentionStore {
  constructor(private readonly em: () => EntityManager) {}

  /** Every project with how long it keeps finished jobs (null: the default). */
  async projects(): Promise<Array<{ id: string; retentionMs: number | null }>> {
    const rows = await rowsOf(executorOf(this.em), 'select id, retention_ms::float8 as "retentionMs" from projects order by id');
    return rows as Array<{ id: string; retentionMs: number | null }>;
  }

  /** Deletes up to `limit` of the project's jobs that finished more than `retentionMs` ago; returns how many. */
  async purge(projectId: string, retentionMs: number, limit: number): Promise<number> {
    const rows = await rowsOf(
      executorOf(this.em),
      `with doomed as (
         select id from jobs
          where project_id = ? and status in ('SUCCESS', 'DEAD', 'CANCELLED') and updated_at < now() - (? * interval '1 millisecond')
          order by updated_at limit ? for update skip locked)
       delete from jobs j using doomed where j.id = doomed.id returning 1`,
      [projectId, retentionMs, limit],
    );
    return rows.length;
  }
}
