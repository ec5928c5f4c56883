/**
 * Schedules with real processes: two instances planning the same schedules, one of them
 * killed with SIGKILL mid-occurrence and started again. Every occurrence gets exactly one
 * job (none doubled, none skipped) and every run is delivered.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { signUp } from '../helpers/app.js';
import { rest } from '../helpers/clients.js';
import { createTestDatabase } from '../helpers/database.js';
import { until, withDatabase } from '../helpers/jobs.js';
import { startInstance, type Instance } from '../helpers/instances.js';
import { Receiver } from '../helpers/receiver.js';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let receiver: Receiver;
const instances: Instance[] = [];
beforeAll(async () => {
  database = await createTestDatabase();
  receiver = await new Receiver().start();
});
afterAll(async () => {
  await Promise.all(instances.map((i) => i.stop('SIGKILL')));
  await receiver?.stop();
  await database?.dispose();
});

const start = async () => {
  const instance = await startInstance(database.url);
  instances.push(instance);
  return instance;
};

it('two instances and a kill -9 mid-occurrence: exactly one job per occurrence, each delivered', async () => {
  const [a, b] = await Promise.all([start(), start()]);
  const user = await signUp(a.url);
  const url = receiver.on('/two-instances');
  const created = await rest(a.url, 'POST', '/api/v1/schedules', { body: { name: 'tick', every: '1s', title: 'tick', webhookUrl: url }, credentials: { apiKey: user.apiKey } });
  const id = created.body.data.id;
  await receiver.waitFor(() => receiver.for('/two-instances').length >= 5, 15_000);
  // Killed while runs are firing every second and the next 15 s are planned.
  expect(await a.stop('SIGKILL')).toBeNull();
  await new Promise((r) => setTimeout(r, 3_000));
  const again = await start();
  await new Promise((r) => setTimeout(r, 4_000));
  const deleted = await rest(b.url, 'DELETE', `/api/v1/schedules/${id}`, { credentials: { apiKey: user.apiKey } });
  expect(deleted.status).toBe(200);

  await until('every run finished', () => withDatabase(database.url, async (db) =>
    (await db.query(`select count(*)::int as n from jobs where schedule_id = $1 and status in ('SCHEDULED', 'FIRING')`, [id])).rows[0].n === 0), 60_000);
  await withDatabase(database.url, async (db) => {
    const { rows } = await db.query(`select id, scheduled_for, status from jobs where schedule_id = $1 order by scheduled_for`, [id]);
    const times = rows.map((r) => (r.scheduled_for as Date).getTime());
    expect(new Set(times).size).toBe(times.length);
    // No occurrence skipped: one second apart from the first to the last.
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBe(1_000);
    // Runs planned but not yet started when it was deleted are cancelled; every other one was delivered.
    const sent = rows.filter((r) => r.status !== 'CANCELLED');
    expect(sent.length).toBeGreaterThanOrEqual(9);
    const delivered = new Set(receiver.for('/two-instances').map((r) => r.json.jobId));
    for (const run of sent) expect(delivered.has(run.id), `run for ${(run.scheduled_for as Date).toISOString()} delivered`).toBe(true);
    expect(sent.every((r) => r.status === 'SUCCESS')).toBe(true);
  });
  await again.stop();
  await b.stop();
}, 120_000);
