import type { EntityManager } from '@mikro-orm/postgresql';

type Rows = { rows: Array<Record<string, unknown>> };

/** Something that runs SQL with `?` placeholders: the EntityManager's knex, or a transaction of it. */
export type SqlExecutor = { raw(sql: string, params: unknown[]): Promise<Rows> };

/**
 * The rows of one statement, with its values sent as bind parameters. MikroORM's own
 * `execute` writes every value into the SQL text instead (escaping it), which costs the
 * service and PostgreSQL dearly for the large JSON parameters of batched writes.
 */
export async function rowsOf(executor: SqlExecutor, sql: string, params: unknown[] = []): Promise<Array<Record<string, unknown>>> {
  return (await executor.raw(sql, params)).rows;
}

/** The parts of knex's client that run a statement on one of its connections (or a transaction's). */
interface KnexClient {
  acquireConnection(): Promise<{ query(config: { name: string; text: string; values: unknown[] }): Promise<Rows> }>;
  releaseConnection(connection: unknown): Promise<unknown>;
  positionBindings(sql: string): string;
}

/** Each prepared statement's SQL, and its text with `$n` placeholders, converted once. */
const preparedTexts = new Map<string, { sql: string; text: string }>();

/**
 * The rows of a statement the firing and create paths run hundreds of times a second, as a
 * named prepared statement: each connection parses and plans it once and then reuses the
 * plan. Measured on the completion statement (5 outcomes a statement, PostgreSQL 15),
 * planning was half of the backend's CPU: 1.6–2.1 ms a statement unnamed, 0.78–0.90 named.
 * It goes straight to the driver on a connection of knex's pool (a transaction's own, for
 * a transaction), skipping the query builder's per-call rewriting of the SQL text.
 * Only for fixed SQL text whose plan cannot depend on the values: the firing path's writes
 * reach their rows by primary key whatever the parameters are (`fence` in job.store.ts).
 */
export async function preparedRowsOf(executor: SqlExecutor, name: string, sql: string, params: unknown[] = []): Promise<Array<Record<string, unknown>>> {
  const { client } = executor as unknown as { client: KnexClient };
  let prepared = preparedTexts.get(name);
  if (prepared === undefined) preparedTexts.set(name, (prepared = { sql, text: client.positionBindings(sql) }));
  else if (prepared.sql !== sql) throw new Error(`prepared statement ${name} is used for two different statements`);
  const { text } = prepared;
  const connection = await client.acquireConnection();
  try {
    return (await connection.query({ name, text, values: params })).rows;
  } finally {
    await client.releaseConnection(connection);
  }
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
