/**
 * With no TEST_DATABASE_URL or DATABASE_URL, the whole run shares one embedded PostgreSQL
 * (each test file still gets its own fresh database on it, see database.ts). Global setup
 * runs in the main vitest process before any worker is forked, and workers inherit its
 * process.env, so setting TEST_DATABASE_URL here reaches them.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres.js';

export default async function setup(): Promise<(() => Promise<void>) | void> {
  if (process.env.TEST_DATABASE_URL || process.env.DATABASE_URL) {
    console.log('tests use the PostgreSQL server at TEST_DATABASE_URL / DATABASE_URL');
    return;
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'dispatch-test-pg-'));
  // mkdtemp makes it 0700; as root the server runs as `postgres`, which must reach it.
  await chmod(dir, 0o755);
  let database;
  try {
    // Any free port, leaving 54329 to a Dispatch the developer may be running.
    database = await startEmbeddedPostgres({ dataDir: dir, port: 0 });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  process.env.TEST_DATABASE_URL = database.url;
  console.log('tests use an embedded PostgreSQL (no TEST_DATABASE_URL / DATABASE_URL set)');
  return async () => {
    delete process.env.TEST_DATABASE_URL;
    await database.stop();
    await rm(dir, { recursive: true, force: true });
  };
}
