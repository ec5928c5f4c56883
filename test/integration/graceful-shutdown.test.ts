/**
 * SIGTERM with a slow receiver in flight: the delivery finishes and is recorded, its
 * subscribers see SUCCESS before the socket closes with 1001, new work is refused, nothing
 * stays locked or claimed, and the process exits 0.
 */
import { spawn } from 'node:child_process';
import pg from 'pg';
import { request } from 'undici';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { JobStatusChangedDocument } from '../generated/graphql.js';
import { signUp } from '../helpers/app.js';
import { rest } from '../helpers/clients.js';
import { createTestDatabase } from '../helpers/database.js';
import { INSTANCE_ENV, startInstance, type Instance } from '../helpers/instances.js';
import { freePort, waitForHealthy } from '../helpers/process.js';
import { Receiver } from '../helpers/receiver.js';
import { subscribe } from '../helpers/subscriptions.js';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let receiver: Receiver;
let instance: Instance;
beforeAll(async () => {
  database = await createTestDatabase();
  receiver = await new Receiver().start();
  // As deployed: some libraries (Apollo) act on signals themselves outside NODE_ENV=test.
  instance = await startInstance(database.url, { DELIVERY_TIMEOUT: '10s', NODE_ENV: 'production' });
});
afterAll(async () => {
  await instance?.stop('SIGKILL');
  await receiver?.stop();
  await database?.dispose();
});

it('finishes the delivery in flight, records it, releases everything and exits 0', async () => {
  const user = await signUp(instance.url);
  let answered = false;
  const slow = receiver.on('/slow', (_req, res) => {
    setTimeout(() => {
      res.writeHead(200);
      res.end('took my time');
      answered = true;
    }, 1_500);
  });
  const post = (fireAt: number, webhookUrl = slow) => rest(instance.url, 'POST', '/api/v1/jobs', {
    body: { title: 'slow', webhookUrl, fireAt: new Date(fireAt).toISOString() }, credentials: { apiKey: user.apiKey },
  });
  const inFlight = (await post(Date.now() + 500)).body.data.id as string;
  // Claimed by this process (due within the claim lead) but not started when the signal comes.
  const later = (await post(Date.now() + 2_500, receiver.on('/later'))).body.data.id as string;
  const events = subscribe(instance.url, JobStatusChangedDocument, { jobId: inFlight }, { 'x-api-key': user.apiKey });
  await events.connected;
  await receiver.waitFor(() => receiver.for('/slow').length === 1);

  instance.service.child.kill('SIGTERM');
  // New work is refused while the old finishes: the port no longer accepts connections.
  await new Promise((r) => setTimeout(r, 200));
  const refused = await request(`${instance.url}/healthz`).then((res) => res.statusCode, (error: { code?: string }) => error.code);
  expect([503, 'ECONNREFUSED']).toContain(refused);

  expect(await instance.service.exited).toBe(0);
  expect(answered).toBe(true);
  expect(await events.closed).toBe(1001);
  expect(events.events.map((e) => e.jobStatusChanged.status)).toEqual(['FIRING', 'SUCCESS']);
  expect(receiver.for('/later')).toHaveLength(0);

  const db = new pg.Client({ connectionString: database.url });
  await db.connect();
  try {
    const jobs = await db.query('select id, status, lease_owner from jobs order by created_at');
    expect(jobs.rows).toEqual([
      { id: inFlight, status: 'SUCCESS', lease_owner: null },
      { id: later, status: 'SCHEDULED', lease_owner: null },
    ]);
    const logs = await db.query('select attempt, status, response_code, response_body from delivery_attempts where job_id = $1', [inFlight]);
    expect(logs.rows).toEqual([{ attempt: 1, status: 'SUCCESS', response_code: 200, response_body: 'took my time' }]);
    expect((await db.query('select count(*)::int as n from agenda_jobs where locked_at is not null')).rows[0].n).toBe(0);
  } finally {
    await db.end();
  }
}, 60_000);

it('a second signal, not a copy of the first, forces the exit without waiting', async () => {
  const user = await signUp((instance = await startInstance(database.url, { DELIVERY_TIMEOUT: '30s' })).url);
  const hanging = receiver.on('/hang', () => undefined);
  await rest(instance.url, 'POST', '/api/v1/jobs', {
    body: { title: 'hang', webhookUrl: hanging, fireAt: new Date(Date.now() + 300).toISOString() }, credentials: { apiKey: user.apiKey },
  });
  await receiver.waitFor(() => receiver.for('/hang').length === 1);
  // Ctrl-C arrives twice at once (from the terminal and from npm): still one graceful stop.
  instance.service.child.kill('SIGINT');
  instance.service.child.kill('SIGINT');
  await new Promise((r) => setTimeout(r, 1_500));
  expect(instance.service.child.exitCode).toBeNull();
  instance.service.child.kill('SIGTERM');
  expect(await instance.service.exited).toBe(1);
  expect(instance.service.output()).toMatch(/second signal/);
}, 60_000);

it('Ctrl-C on `npm start` (SIGINT to the whole process group) is one clean stop', async () => {
  const port = await freePort();
  const child = spawn('npm', ['start', '--silent'], {
    env: { ...process.env, ...INSTANCE_ENV, PORT: String(port), DATABASE_URL: database.url, LOG_LEVEL: 'info' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c) => (output += c));
  child.stderr!.on('data', (c) => (output += c));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await waitForHealthy(`http://127.0.0.1:${port}/healthz`, { child, output: () => output, exited });
  // What a terminal does on Ctrl-C: the signal goes to every process of the foreground group.
  process.kill(-child.pid!, 'SIGINT');
  await exited;
  // npm itself ends by the signal, as a shell expects; what matters is how the service stopped.
  expect(output).toMatch(/shutting down/);
  expect(output).toMatch(/stopped cleanly/);
  expect(output).not.toMatch(/second signal/);
}, 60_000);
