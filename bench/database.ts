import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres.js';
import { createTestDatabase } from '../test/helpers/database.js';

export interface BenchDatabase {
  url: string;
  kind: 'embedded' | 'DATABASE_URL';
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
    return { url: database.url, kind: 'DATABASE_URL', dispose: database.dispose };
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'dispatch-bench-pg-'));
  // mkdtemp makes it 0700; as root the server runs as `postgres`, which must reach it.
  await chmod(dir, 0o755);
  try {
    const server = await startEmbeddedPostgres({ dataDir: dir, port: 0 });
    return {
      url: server.url,
      kind: 'embedded',
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
