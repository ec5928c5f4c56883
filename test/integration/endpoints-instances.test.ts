/**
 * An endpoint's limits hold across three instances on one database (two serving HTTP and
 * firing, one worker only): the measured delivery rate stays within ±10 % of the setting
 * over 20 s, and parallelism is never exceeded, with every job delivered exactly once.
 * Each instance delivers part of the work, so a per-process budget would show as a
 * multiple of the setting.
 */
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inMs, signUp } from '../helpers/app.js';
import { rest } from '../helpers/clients.js';
import { createTestDatabase } from '../helpers/database.js';
import { until, withDatabase } from '../helpers/jobs.js';
import { startInstance, type Instance } from '../helpers/instances.js';
import { Receiver, type ReceivedRequest } from '../helpers/receiver.js';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let instances: Instance[];
let user: Awaited<ReturnType<typeof signUp>>;
const receivers: Receiver[] = [];
beforeAll(async () => {
  database = await createTestDatabase();
  instances = await Promise.all([startInstance(database.url), startInstance(database.url), startInstance(database.url, { ROLE: 'worker' })]);
  user = await signUp(instances[0].url);
}, 90_000);
afterAll(async () => {
  await Promise.all((instances ?? []).map((i) => i.stop()));
  await Promise.all(receivers.map((r) => r.stop()));
  await database?.dispose();
});

const key = () => ({ apiKey: user.apiKey });

/** A receiver of its own (so an endpoint of its own), with the endpoint made and `settings` applied. */
async function limitedReceiver(settings: Record<string, unknown>) {
  const receiver = await new Receiver().start();
  receivers.push(receiver);
  expect((await rest(instances[0].url, 'POST', '/api/v1/jobs', { body: { title: 'maker', webhookUrl: `${receiver.url}/later`, fireAt: inMs(3_600_000) }, credentials: key() })).status).toBe(201);
  const { endpoints } = (await rest(instances[0].url, 'GET', '/api/v1/endpoints', { credentials: key() })).body.data;
  const endpoint = (endpoints as Array<{ id: string; origin: string }>).find((e) => e.origin === receiver.url)!;
  expect((await rest(instances[1].url, 'PATCH', `/api/v1/endpoints/${endpoint.id}`, { body: settings, credentials: key() })).status).toBe(200);
  return receiver;
}

/** Creates jobs through both HTTP instances, 250 per batch, due at `dueAt(i)`. */
async function createJobs(count: number, url: string, dueAt: (i: number) => number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 250) {
    const jobs = Array.from({ length: Math.min(250, count - i) }, (_, k) => ({ title: `j${i + k}`, webhookUrl: url, fireAt: new Date(dueAt(i + k)).toISOString() }));
    const res = await rest(instances[(i / 250) % 2].url, 'POST', '/api/v1/jobs/batch', { body: { jobs }, credentials: key() });
    expect(res.status).toBe(201);
    ids.push(...res.body.data.jobs.map((job: { id: string }) => job.id));
  }
  return ids;
}

/** Successful attempts each instance reports in /metrics. */
async function successesPerInstance(): Promise<number[]> {
  return Promise.all(instances.map(async (instance) => {
    const text = await fetch(`${instance.url}/metrics`).then((r) => r.text());
    return Number(/dispatch_delivery_attempts_total\{outcome="success"\} (\d+)/.exec(text)?.[1] ?? 0);
  }));
}

async function expectEachOnce(url: string, ids: string[], receiver: Receiver, path: string) {
  const delivered = receiver.for(path).map((r) => r.json.jobId);
  expect(delivered).toHaveLength(ids.length);
  expect(new Set(delivered)).toEqual(new Set(ids));
  await until('all SUCCESS with one attempt each', () => withDatabase(database.url, async (db) => {
    const { rows } = await db.query(`select count(*)::int as n from jobs j where j.webhook_url = $1 and j.status = 'SUCCESS' and j.attempt = 1
      and (select count(*) from delivery_attempts a where a.job_id = j.id) = 1`, [url]);
    return rows[0].n === ids.length;
  }), 20_000);
}

describe('endpoint limits across three instances', () => {
  it('a rate limit of 20/s: deliveries per second within ±10 % over 20 s, none lost or doubled, every instance delivering', async () => {
    const rate = 20;
    // The default burst (one second's worth) goes in the first second, outside the window measured.
    const receiver = await limitedReceiver({ rateLimit: rate });
    const url = `${receiver.url}/rated`;
    receiver.on('/rated');
    const before = await successesPerInstance();
    // 600 jobs due over 10 s (60 a second, three times the rate): the limit binds for 30 s,
    // and the jobs are claimed window by window by whichever instance runs each window.
    const from = Date.now() + 6_000;
    const ids = await createJobs(600, url, (i) => from + (i % 100) * 100);
    await receiver.waitFor(() => receiver.for('/rated').length >= 600, 60_000);
    await new Promise((r) => setTimeout(r, 1_000));

    const arrivals = receiver.for('/rated').map((r) => r.arrivedAt).sort((a, b) => a - b);
    // The steady state: 20 s starting 2 s after the first delivery.
    const start = arrivals[0] + 2_000;
    const inWindow = arrivals.filter((t) => t >= start && t < start + 20_000).length;
    const measured = inWindow / 20;
    console.log(`rate limit ${rate}/s across 3 instances: ${inWindow} deliveries in 20 s = ${measured.toFixed(2)}/s (${(((measured - rate) / rate) * 100).toFixed(1)} %); whole run ${arrivals.length} in ${((arrivals[arrivals.length - 1] - arrivals[0]) / 1000).toFixed(1)} s`);
    expect(measured).toBeGreaterThanOrEqual(rate * 0.9);
    expect(measured).toBeLessThanOrEqual(rate * 1.1);
    await expectEachOnce(url, ids, receiver, '/rated');

    const delivered = (await successesPerInstance()).map((n, i) => n - before[i]);
    console.log(`deliveries per instance: ${delivered.join(', ')}`);
    expect(delivered.reduce((a, b) => a + b, 0)).toBe(600);
    expect(delivered.filter((n) => n > 0).length).toBeGreaterThanOrEqual(2);
  }, 120_000);

  it('parallelism 4: the receiver never sees more than 4 requests at once, whichever instances send them', async () => {
    const receiver = await limitedReceiver({ parallelism: 4 });
    const url = `${receiver.url}/slow`;
    const counter = { now: 0, max: 0 };
    receiver.on('/slow', (_req: ReceivedRequest, res: ServerResponse) => {
      counter.now += 1;
      counter.max = Math.max(counter.max, counter.now);
      setTimeout(() => {
        counter.now -= 1;
        res.writeHead(200).end('{}');
      }, 200);
    });
    const from = Date.now() + 5_000;
    const ids = await createJobs(80, url, (i) => from + (i % 40) * 75);
    await receiver.waitFor(() => receiver.for('/slow').length >= 80, 60_000);
    await new Promise((r) => setTimeout(r, 500));
    console.log(`parallelism 4 across 3 instances: at most ${counter.max} at once`);
    expect(counter.max).toBe(4);
    await expectEachOnce(url, ids, receiver, '/slow');
  }, 120_000);
});
