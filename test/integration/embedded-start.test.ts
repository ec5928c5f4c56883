/**
 * `npm start` with no DATABASE_URL: a real embedded PostgreSQL under DATA_DIR, /healthz
 * answers, SIGTERM exits 0, and a second start finds the data it left.
 */
import { mkdtemp, rm, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { RegisterDocument, LoginDocument } from '../generated/graphql.js';
import { gqlOk } from '../helpers/clients.js';
import { freePort, startService, waitForHealthy } from '../helpers/process.js';

let dataDir = '';
afterAll(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

it('boots on an embedded PostgreSQL, keeps its data across restarts, and stops on SIGTERM', async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'dispatch-embedded-'));
  await chmod(dataDir, 0o755);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn' };

  const first = startService(env);
  expect(await waitForHealthy(`${url}/healthz`, first)).toMatchObject({ status: true, message: 'ok', data: { database: 'ok' } });
  await gqlOk(url, RegisterDocument, { email: 'kept@example.com', password: 'long enough pw' });
  first.child.kill('SIGTERM');
  expect(await first.exited).toBe(0);

  const second = startService(env);
  await waitForHealthy(`${url}/healthz`, second);
  const { login } = await gqlOk(url, LoginDocument, { email: 'kept@example.com', password: 'long enough pw' });
  expect(login.user.email).toBe('kept@example.com');
  second.child.kill('SIGTERM');
  expect(await second.exited).toBe(0);
}, 180_000);

it.each(['exit', 'natural'])('a process using an embedded PostgreSQL keeps its exit code, and its server is shut down (%s end)', async (end) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'dispatch-embedded-exit-'));
  try {
    await chmod(dir, 0o755);
    const script = startService({ EMBEDDED_DIR: dir, END: end }, { script: 'test/helpers/embedded-exit.ts' });
    // A run that does not end (the bug this guards against has other forms) must not outlive the test.
    const watchdog = setTimeout(() => script.child.kill('SIGKILL'), 30_000);
    const exitCode = await script.exited;
    clearTimeout(watchdog);
    expect(exitCode).toBe(3);
    const pid = Number(script.output().match(/postmaster (\d+)/)?.[1]);
    expect(pid).toBeGreaterThan(0);
    const alive = () => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    for (let i = 0; i < 100 && alive(); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(alive()).toBe(false);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}, 60_000);
