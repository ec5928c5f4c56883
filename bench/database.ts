import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres.js';
import { createTestDatabase } from '../test/helpers/database.js';

export interface BenchDatabase {
  url: string;
  kind: 'embedded' | 'DATABASE_URL';
  /** The embedded server's postmaster, whose backends are its children; unknown for DATABASE_URL. */
  serverPid: number | undefined;
  /** pg_stat_statements is loaded and installed in this database. */
  statements: boolean;
  dispose(): Promise<void>;
}

/**
 * A fresh database for one run: on the server of TEST_DATABASE_URL or DATABASE_URL when one
 * is set, otherwise an embedded PostgreSQL in a temporary directory, stopped and removed by
 * dispose(). With `statements`, pg_stat_statements is made available where possible (the
 * embedded server is restarted once with it preloaded; another server must preload it).
 */
export async function openBenchDatabase(opts: { statements?: boolean } = {}): Promise<BenchDatabase> {
  if (process.env.TEST_DATABASE_URL || process.env.DATABASE_URL) {
    const database = await createTestDatabase();
    const statements = opts.statements ? await installStatements(database.url) : false;
    return { url: database.url, kind: 'DATABASE_URL', serverPid: undefined, statements, dispose: database.dispose };
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'dispatch-bench-pg-'));
  // mkdtemp makes it 0700; as root the server runs as `postgres`, which must reach it.
  await chmod(dir, 0o755);
  try {
    let server = await startEmbeddedPostgres({ dataDir: dir, port: 0 });
    if (opts.statements) {
      await onDatabase(server.url, (client) => client.query(`alter system set shared_preload_libraries = 'pg_stat_statements'`));
      await server.stop();
      server = await startEmbeddedPostgres({ dataDir: dir, port: 0 });
    }
    const statements = opts.statements ? await installStatements(server.url) : false;
    const serverPid = Number((await readFile(path.join(dir, 'pg', 'postmaster.pid'), 'utf8')).split('\n')[0]) || undefined;
    const running = server;
    return {
      url: server.url,
      kind: 'embedded',
      serverPid,
      statements,
      async dispose() {
        await running.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

async function onDatabase<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Installs pg_stat_statements; false when the server does not preload it. */
async function installStatements(url: string): Promise<boolean> {
  return onDatabase(url, async (client) => {
    try {
      await client.query('create extension if not exists pg_stat_statements');
      await client.query('select 1 from pg_stat_statements limit 1');
      return true;
    } catch {
      return false;
    }
  });
}

export interface StatementCost {
  query: string;
  calls: number;
  totalMs: number;
  meanMs: number;
  rows: number;
}

/** Forgets the statement statistics so far (the start of a stretch). */
export async function resetStatements(db: pg.Client): Promise<void> {
  await db.query('select pg_stat_statements_reset()');
}

/** Marks the benchmark's own statements (inside them: a leading comment is not kept), so the statistics can leave them out. */
export const OWN_QUERY = '/* bench */';

/** The statements of this database that took the most time since the last reset; the benchmark's own left out. */
export async function topStatements(db: pg.Client, limit = 8): Promise<StatementCost[]> {
  const { rows } = await db.query<{ query: string; calls: string; total: number; rows: string }>(
    `select ${OWN_QUERY} query, calls::text, total_exec_time as total, rows::text from pg_stat_statements
      where dbid = (select oid from pg_database where datname = current_database())
        and query not like '%/* bench */%' and query not like '%pg_stat_statements_reset%'
      order by total_exec_time desc limit $1`,
    [limit],
  );
  return rows.map((row) => ({
    query: row.query.replace(/\s+/g, ' ').trim().slice(0, 200),
    calls: Number(row.calls),
    totalMs: Math.round(row.total),
    meanMs: Math.round((row.total / Math.max(1, Number(row.calls))) * 100) / 100,
    rows: Number(row.rows),
  }));
}
