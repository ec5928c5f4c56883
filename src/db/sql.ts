import type { EntityManager } from '@mikro-orm/postgresql';

/** Something that runs SQL with `?` placeholders: the EntityManager's knex, or a transaction of it. */
export type SqlExecutor = { raw(sql: string, params: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }> };

/**
 * The rows of one statement, with its values sent as bind parameters. MikroORM's own
 * `execute` writes every value into the SQL text instead (escaping it), which costs the
 * service and PostgreSQL dearly for the large JSON parameters of batched writes.
 */
export async function rowsOf(executor: SqlExecutor, sql: string, params: unknown[] = []): Promise<Array<Record<string, unknown>>> {
  return (await executor.raw(sql, params)).rows;
}

/** The knex of a fresh fork, as an executor. */
export const executorOf = (em: () => EntityManager): SqlExecutor => em().getKnex() as unknown as SqlExecutor;
