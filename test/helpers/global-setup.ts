/**
 * With no TEST_DATABASE_URL or DATABASE_URL, the whole run shares one embedded PostgreSQL
 * (each test file still gets its own fresh database on it).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres.js';

export default async function setup() {
  if (process.env.TEST_DATABASE_URL || process.env.DATABASE_URL) {
    console.log('tests use the PostgreSQL server at TEST_DATABASE_URL / DATABASE_URL');
    return;
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'dispatch-test-pg-'));
  const { chmod } = await import('node:fs/promises');
  await chmod(dir, 0o755);
  const database = await startEmbeddedPostgres({ dataDir: dir });
  process.env.TEST_DATABASE_URL = database.url;
  console.log('tests use an embedded PostgreSQL (no TEST_DATABASE_URL / DATABASE_URL set)');
  return async () => {
    await database.stop();
    await rm(dir, { recursive: true, force: true });
  };
}
