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

const executors = new WeakMap<() => EntityManager, SqlExecutor>();

/**
 * The knex behind an EntityManager factory, as an executor. Every fork shares its
 * connection's knex, so one fork finds it; forking per statement cost each request several
 * forks for nothing (the hot paths run raw SQL, not the unit of work).
 */
export function executorOf(em: () => EntityManager): SqlExecutor {
  let executor = executors.get(em);
  if (!executor) executors.set(em, (executor = em().getKnex() as unknown as SqlExecutor));
  return executor;
}
