import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres.js';

/**
 * A fresh, empty database for one test file. The server is TEST_DATABASE_URL or
 * DATABASE_URL (normally set by global-setup); without either, one embedded PostgreSQL is
 * started for this test process.
 */
export async function createTestDatabase(): Promise<{ url: string; dispose(): Promise<void> }> {
  const serverUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? (await processServer());
  const name = `dispatch_test_${randomBytes(6).toString('hex')}`;
  await onServer(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  let disposed: Promise<void> | undefined;
  return {
    url: url.toString(),
    // `with (force)` ends connections a test left open (PostgreSQL 13+).
    dispose: () => (disposed ??= onServer(serverUrl, `drop database if exists ${name} with (force)`)),
  };
}

async function onServer(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

let shared: Promise<string> | undefined;

const WATCHDOG = `
  while kill -0 "$1" 2>/dev/null; do sleep 0.2; done
  pid=$(head -n 1 "$2/pg/postmaster.pid" 2>/dev/null)
  if [ -n "$pid" ]; then
    kill -INT "$pid" 2>/dev/null
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  fi
  rm -rf "$2"`;

/** Only when global-setup did not run (e.g. a config without it). */
function processServer(): Promise<string> {
  return (shared ??= (async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'dispatch-test-pg-'));
    // mkdtemp makes it 0700; as root the server runs as `postgres`, which must reach it.
    await chmod(dir, 0o755);
    const database = await startEmbeddedPostgres({ dataDir: dir, port: 0 });
    // A worker gets no teardown hook and vitest ends it with SIGTERM, then SIGKILL, so no
    // in-process cleanup is sure to run: a detached watchdog stops the server and removes
    // its files once this process is gone.
    spawn('/bin/sh', ['-c', WATCHDOG, 'watchdog', String(process.pid), dir], { detached: true, stdio: 'ignore' }).unref();
    return database.url;
  })());
}
