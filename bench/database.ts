import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres.js';
import { createTestDatabase } from '../test/helpers/database.js';

export interface BenchDatabase {
  url: string;
  kind: 'embedded' | 'DATABASE_URL';
  /** The embedded server's postmaster, whose backends are its children; unknown for DATABASE_URL. */
  serverPid: number | undefined;
  dispose(): Promise<void>;
}

/**
 * A fresh database for one run: on the server of TEST_DATABASE_URL or DATABASE_URL when one
 * is set, otherwise an embedded PostgreSQL in a temporary directory, stopped and removed by
 * dispose().
 */
export async function openBenchDatabase(): Promise<BenchDatabase> {
  if (process.env.TEST_DATABASE_URL || process.env.DATABASE_URL) {
    const database = await createTestDatabase();
    return { url: database.url, kind: 'DATABASE_URL', serverPid: undefined, dispose: database.dispose };
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'dispatch-bench-pg-'));
  // mkdtemp makes it 0700; as root the server runs as `postgres`, which must reach it.
  await chmod(dir, 0o755);
  try {
    const server = await startEmbeddedPostgres({ dataDir: dir, port: 0 });
    const serverPid = Number((await readFile(path.join(dir, 'pg', 'postmaster.pid'), 'utf8')).split('\n')[0]) || undefined;
    return {
      url: server.url,
      kind: 'embedded',
      serverPid,
      async dispose() {
        await server.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
