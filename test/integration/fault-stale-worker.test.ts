/**
 * A stale worker is fenced: a process frozen mid-delivery (SIGSTOP, as a long GC pause or a
 * suspended VM would) loses its lease, another instance settles and retries the attempt,
 * and the frozen one's late result, once it wakes, changes nothing.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ServerResponse } from 'node:http';
import { signUp } from '../helpers/app.js';
import { createTestDatabase } from '../helpers/database.js';
import { scheduleJob, until, withDatabase } from '../helpers/jobs.js';
import { startInstance, type Instance } from '../helpers/instances.js';
import { Receiver } from '../helpers/receiver.js';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let receiver: Receiver;
let stale: Instance;
let live: Instance;
beforeAll(async () => {
  database = await createTestDatabase();
  receiver = await new Receiver().start();
  // Long enough that attempt 2 is still in flight while the stale worker reports attempt 1.
  const env = { DELIVERY_TIMEOUT: '6s' };
  [stale, live] = await Promise.all([startInstance(database.url, env), startInstance(database.url, env)]);
});
afterAll(async () => {
  stale?.service.child.kill('SIGCONT');
  await Promise.all([stale?.stop('SIGKILL'), live?.stop('SIGKILL')]);
  await receiver?.stop();
  await database?.dispose();
});

it('discards the late completion of a worker whose lease expired', async () => {
  const user = await signUp(stale.url);
  const held: ServerResponse[] = [];
  const url = receiver.on('/fenced', (_req, res) => void held.push(res));
  const job = () => withDatabase(database.url, async (db) => (await db.query('select status, attempt, retry_count, lease_owner from jobs where id = $1', [id])).rows[0]);
  // Scheduled on `stale`, which claims a job due this soon itself.
  const id = await scheduleJob(stale.url, user.apiKey, { webhookUrl: url, fireAt: Date.now() + 300 });
  await receiver.waitFor(() => held.length === 1);
  stale.service.child.kill('SIGSTOP');

  // The lease runs out (DELIVERY_TIMEOUT + grace); the live instance settles attempt 1 as
  // interrupted and starts attempt 2, which the receiver holds too.
  await receiver.waitFor(() => held.length === 2, 45_000);
  expect(await job()).toMatchObject({ status: 'FIRING', attempt: 2 });

  // The frozen worker's request succeeds after all, and it wakes up to report attempt 1.
  held[0].writeHead(200);
  held[0].end('from the stale worker');
  stale.service.child.kill('SIGCONT');
  await new Promise((r) => setTimeout(r, 2_000));
  expect(await job()).toMatchObject({ status: 'FIRING', attempt: 2 });

  held[1].writeHead(200);
  held[1].end('from the live worker');
  await until('attempt 2 recorded', async () => (await job()).status === 'SUCCESS', 10_000);
  expect(await job()).toEqual({ status: 'SUCCESS', attempt: 2, retry_count: 1, lease_owner: null });
  await withDatabase(database.url, async (db) => {
    const logs = await db.query('select attempt, status, response_body, error from delivery_attempts where job_id = $1 order by attempt', [id]);
    expect(logs.rows).toEqual([
      { attempt: 1, status: 'FAILED', response_body: null, error: 'interrupted: the worker stopped during delivery' },
      { attempt: 2, status: 'SUCCESS', response_body: 'from the live worker', error: null },
    ]);
  });
  expect(receiver.for('/fenced')).toHaveLength(2);
  expect(stale.service.child.exitCode).toBeNull();
}, 90_000);
