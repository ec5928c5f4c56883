/**
 * Receiver endpoints against real receivers on loopback: made by their first job, listed
 * with health; parallelism, rate limits and pauses hold jobs back without burning their
 * attempts; the circuit breaker opens, probes and closes; Retry-After is honoured; alerts
 * arrive signed. Each test has a receiver of its own, so an endpoint of its own.
 */
import type { ServerResponse } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EndpointChangedDocument, EndpointsDocument, JobHeldDocument, ProjectSigningSecretDocument, SetAlertWebhookDocument, UpdateEndpointDocument } from '../generated/graphql.js';
import { inMs, signUp, startTestApp, type TestApp } from '../helpers/app.js';
import { gql, gqlOk, rest } from '../helpers/clients.js';
import { until, withDatabase } from '../helpers/jobs.js';
import { Receiver, respond, type ReceivedRequest } from '../helpers/receiver.js';
import { subscribe } from '../helpers/subscriptions.js';

let server: TestApp;
let user: Awaited<ReturnType<typeof signUp>>;
const receivers: Receiver[] = [];
beforeAll(async () => {
  server = await startTestApp({ BREAKER_FAILURES: '5', BREAKER_BACKOFF: '1s', MAX_ATTEMPTS: '10', RETRY_DELAYS: '300ms', DELIVERY_TIMEOUT: '3s' });
  user = await signUp(server.url);
});
afterAll(async () => {
  await server?.stop();
  await Promise.all(receivers.map((r) => r.stop()));
});

const newReceiver = async () => {
  const receiver = await new Receiver().start();
  receivers.push(receiver);
  return receiver;
};
const key = () => ({ apiKey: user.apiKey });
const post = (body: unknown) => rest(server.url, 'POST', '/api/v1/jobs', { body, credentials: key() });
const batch = async (jobs: unknown[]) => {
  const res = await rest(server.url, 'POST', '/api/v1/jobs/batch', { body: { jobs }, credentials: key() });
  expect(res.status).toBe(201);
  return (res.body.data.jobs as Array<{ id: string }>).map((job) => job.id);
};
const job = async (id: string) => (await rest(server.url, 'GET', `/api/v1/jobs/${id}`, { credentials: { token: user.token } })).body.data;

/** The endpoint of a receiver, once its first job made it. */
async function endpointOf(receiver: Receiver) {
  const res = await rest(server.url, 'GET', '/api/v1/endpoints', { credentials: key() });
  expect(res.status).toBe(200);
  const endpoint = (res.body.data.endpoints as Array<{ id: string; origin: string }>).find((e) => e.origin === receiver.url);
  if (!endpoint) throw new Error(`no endpoint for ${receiver.url}`);
  return endpoint as { id: string; origin: string; state: string; [key: string]: unknown };
}

const patchEndpoint = (id: string, body: unknown) => rest(server.url, 'PATCH', `/api/v1/endpoints/${id}`, { body, credentials: key() });

/** Makes the receiver's endpoint (with a job far ahead) and applies `settings` to it. */
async function limitedEndpoint(receiver: Receiver, settings: Record<string, unknown>) {
  const res = await post({ title: 'maker', webhookUrl: `${receiver.url}/later`, fireAt: inMs(3_600_000) });
  expect(res.status).toBe(201);
  const endpoint = await endpointOf(receiver);
  const patched = await patchEndpoint(endpoint.id, settings);
  expect(patched.status).toBe(200);
  return endpoint.id;
}

/** A responder that answers after `delayMs`, counting the requests in flight at once. */
function slow(delayMs: number, counter: { now: number; max: number }) {
  return (_req: ReceivedRequest, res: ServerResponse) => {
    counter.now += 1;
    counter.max = Math.max(counter.max, counter.now);
    setTimeout(() => {
      counter.now -= 1;
      res.writeHead(200).end('{}');
    }, delayMs);
  };
}

const attemptsOf = (ids: string[]) =>
  withDatabase(server.databaseUrl, async (db) => {
    const { rows } = await db.query('select j.attempt, (select count(*)::int from delivery_attempts a where a.job_id = j.id) as logs from jobs j where j.id = any($1::uuid[])', [ids]);
    return rows as Array<{ attempt: number; logs: number }>;
  });

describe('endpoints', () => {
  it('an endpoint is made by its first job (one per project and origin) and listed with settings, state and health', async () => {
    const receiver = await newReceiver();
    const url = receiver.on('/hello');
    for (const path of ['/hello', '/other?x=1']) expect((await post({ title: 't', webhookUrl: `${receiver.url}${path}`, fireAt: inMs(300) })).status).toBe(201);
    await receiver.waitFor(() => receiver.requests.length === 2);
    const endpoint = await endpointOf(receiver);
    expect(endpoint).toMatchObject({ origin: receiver.url, rateLimit: null, burst: null, parallelism: null, paused: false, state: 'CLOSED' });
    const { endpoints } = await gqlOk(server.url, EndpointsDocument, { projectId: user.projectId }, { token: user.token });
    expect(endpoints.filter((e) => e.origin === receiver.url)).toHaveLength(1);
    // Health comes from the minutes the firing process writes every few seconds.
    await until('health counted', async () => {
      const { endpoints: now } = await gqlOk(server.url, EndpointsDocument, { projectId: user.projectId }, { token: user.token });
      return now.find((e) => e.origin === receiver.url)!.health.lastHour.attempts === 2;
    }, 15_000);
    const { endpoints: now } = await gqlOk(server.url, EndpointsDocument, { projectId: user.projectId }, { token: user.token });
    const health = now.find((e) => e.origin === receiver.url)!.health;
    expect(health.lastHour).toMatchObject({ attempts: 2, successes: 2, successRate: 1 });
    expect(health.lastHour.latencyP50Ms).toBeGreaterThanOrEqual(0);
    expect(health.lastDay.attempts).toBe(2);
    expect(url).toContain(receiver.url);
  });

  it('settings are checked field by field, and another tenant’s endpoint is not found', async () => {
    const receiver = await newReceiver();
    const id = await limitedEndpoint(receiver, {});
    const cases: Array<[unknown, string]> = [
      [{ rateLimit: -1 }, 'rateLimit must be a number from 0.001 to 100000, or null'],
      [{ rateLimit: 'fast' }, 'rateLimit must be a number from 0.001 to 100000, or null'],
      [{ parallelism: 1.5 }, 'parallelism must be an integer from 1 to 10000, or null'],
      [{ parallelism: 0 }, 'parallelism must be an integer from 1 to 10000, or null'],
      [{ burst: 5 }, 'burst needs a rateLimit'],
      [{ paused: 'yes' }, 'paused must be true or false'],
    ];
    for (const [body, message] of cases) {
      const res = await patchEndpoint(id, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.message).toBe(message);
    }
    const set = await patchEndpoint(id, { rateLimit: 2.5, burst: 4, parallelism: 3 });
    expect(set.body.data).toMatchObject({ rateLimit: 2.5, burst: 4, parallelism: 3, paused: false, state: 'CLOSED' });
    // Clearing the rate clears its burst.
    expect((await patchEndpoint(id, { rateLimit: null })).body.data).toMatchObject({ rateLimit: null, burst: null, parallelism: 3 });

    const stranger = await signUp(server.url);
    expect((await rest(server.url, 'PATCH', `/api/v1/endpoints/${id}`, { body: { paused: true }, credentials: { apiKey: stranger.apiKey } })).status).toBe(404);
    expect((await rest(server.url, 'PATCH', '/api/v1/endpoints/not-a-uuid', { body: { paused: true }, credentials: key() })).status).toBe(404);
    const theirs = await rest(server.url, 'GET', '/api/v1/endpoints', { credentials: { apiKey: stranger.apiKey } });
    expect(theirs.body.data.endpoints).toEqual([]);
    const foreign = await gql(server.url, EndpointsDocument, { projectId: user.projectId }, { token: stranger.token });
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const update = await gql(server.url, UpdateEndpointDocument, { id, input: { paused: true } }, { token: stranger.token });
    expect(update.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    // A session must say which project.
    expect((await rest(server.url, 'GET', '/api/v1/endpoints', { credentials: { token: user.token } })).status).toBe(400);
    expect((await rest(server.url, 'GET', `/api/v1/endpoints?projectId=${user.projectId}`, { credentials: { token: user.token } })).status).toBe(200);
  });

  it('parallelism is never exceeded, and every job is delivered once', async () => {
    const receiver = await newReceiver();
    const counter = { now: 0, max: 0 };
    receiver.on('/slow', slow(150, counter));
    await limitedEndpoint(receiver, { parallelism: 3 });
    const fireAt = inMs(1_000);
    const ids = await batch(Array.from({ length: 30 }, (_, i) => ({ title: `p${i}`, webhookUrl: `${receiver.url}/slow`, fireAt })));
    await receiver.waitFor(() => receiver.for('/slow').length === 30, 20_000);
    expect(counter.max).toBe(3);
    await until('all SUCCESS', async () => (await Promise.all(ids.map(job))).every((j) => j.status === 'SUCCESS'), 10_000);
    expect(new Set(receiver.for('/slow').map((r) => r.json.jobId)).size).toBe(30);
    expect((await attemptsOf(ids)).every((row) => row.attempt === 1 && row.logs === 1)).toBe(true);
    // The last ones waited about 9 × 150 ms, and say so.
    const last = await job(ids[ids.length - 1]);
    expect(last.held).toMatchObject({ reason: 'endpoint parallelism' });
    expect(last.held.message).toMatch(/^held by endpoint parallelism for \d+\.\d s$/);
  });

  it('a rate limit spaces deliveries out (burst first, then the rate) and the job shows the hold', async () => {
    const receiver = await newReceiver();
    receiver.on('/rated');
    await limitedEndpoint(receiver, { rateLimit: 5, burst: 2 });
    const fireAt = inMs(800);
    const ids = await batch(Array.from({ length: 12 }, (_, i) => ({ title: `r${i}`, webhookUrl: `${receiver.url}/rated`, fireAt })));
    await receiver.waitFor(() => receiver.for('/rated').length === 12, 15_000);
    const arrivals = receiver.for('/rated').map((r) => r.arrivedAt).sort((a, b) => a - b);
    // 2 at once, then 10 more at 5 per second: about 2 s from the first to the last.
    const span = arrivals[arrivals.length - 1] - arrivals[0];
    expect(span).toBeGreaterThan(1_700);
    expect(span).toBeLessThan(3_500);
    // In due order (same due time: id order, which is creation order); the burst's two go together.
    const order = receiver.for('/rated').map((r) => r.json.title);
    expect(new Set(order.slice(0, 2))).toEqual(new Set(['r0', 'r1']));
    // After them, one pass at a time; a pass that runs late lets two go, sent together, so
    // those two may arrive either way round: each arrives within one place of its turn.
    const places = order.slice(2).map((title) => Number(title.slice(1)) - 2);
    places.forEach((expected, place) => expect(Math.abs(expected - place)).toBeLessThanOrEqual(1));
    expect([...places].sort((a, b) => a - b)).toEqual(places.map((_, i) => i));
    const { job: last } = await gqlOk(server.url, JobHeldDocument, { id: ids[11] }, key());
    expect(last!.held!.reason).toBe('endpoint rate limit');
    expect(last!.held!.ms).toBeGreaterThan(1_000);
    expect(last!.held!.message).toMatch(/^held by endpoint rate limit for \d\.\d s$/);
    const { job: first } = await gqlOk(server.url, JobHeldDocument, { id: ids[0] }, key());
    expect(first!.held).toBeNull();
  });

  it('a paused endpoint delivers nothing, burns no attempt, expires what expires, and resumes in due order', async () => {
    const receiver = await newReceiver();
    receiver.on('/paused');
    const id = await limitedEndpoint(receiver, { paused: true });
    expect((await endpointOf(receiver)).state).toBe('PAUSED');
    const base = Date.now() + 500;
    const ids = await batch(Array.from({ length: 6 }, (_, i) => ({ title: `d${i}`, webhookUrl: `${receiver.url}/paused`, fireAt: new Date(base + (5 - i) * 100).toISOString() })));
    const expiring = (await post({ title: 'expiring', webhookUrl: `${receiver.url}/paused`, fireAt: new Date(base).toISOString(), expiresAt: new Date(base + 800).toISOString() })).body.data.id;
    await new Promise((r) => setTimeout(r, base + 2_500 - Date.now()));
    expect(receiver.for('/paused')).toHaveLength(0);
    for (const row of await attemptsOf(ids)) expect(row).toEqual({ attempt: 0, logs: 0 });
    expect((await Promise.all(ids.map(job))).map((j) => j.status)).toEqual(Array(6).fill('SCHEDULED'));
    // Past its expiresAt while held: it ends as expired, without a request.
    await until('expired', async () => (await job(expiring)).status === 'DEAD', 10_000);
    const logs = await rest(server.url, 'GET', `/api/v1/jobs/${expiring}/logs`, { credentials: { token: user.token } });
    expect(logs.body.data.logs[0].error).toBe('expired');

    // One at a time, so the arrival order is the order they were let through.
    expect((await patchEndpoint(id, { paused: false, parallelism: 1 })).body.data.state).toBe('CLOSED');
    await receiver.waitFor(() => receiver.for('/paused').length === 6, 10_000);
    // Due order: the last created was due first.
    expect(receiver.for('/paused').map((r) => r.json.title)).toEqual(['d5', 'd4', 'd3', 'd2', 'd1', 'd0']);
    expect(receiver.for('/paused').some((r) => r.json.title === 'expiring')).toBe(false);
    // The first let through waited for the pause; the later ones, last, for parallelism 1.
    const firstOut = await job(ids[5]);
    expect(firstOut.held).toMatchObject({ reason: 'endpoint paused' });
    expect(firstOut.held.ms).toBeGreaterThan(1_500);
    expect((await job(ids[0])).held).toMatchObject({ reason: 'endpoint parallelism' });
  });

  it('pausing an endpoint raises endpoint.paused at the project’s alert webhook, signed', async () => {
    const receiver = await newReceiver();
    const alertReceiver = await newReceiver();
    const alerts = alertReceiver.on('/alerts');
    await gqlOk(server.url, SetAlertWebhookDocument, { id: user.projectId, url: alerts }, { token: user.token });
    try {
      const id = await limitedEndpoint(receiver, {});
      expect((await patchEndpoint(id, { paused: true })).status).toBe(200);
      // Pausing one already paused is no new event.
      expect((await patchEndpoint(id, { paused: true })).status).toBe(200);
      await alertReceiver.waitFor(() => alertReceiver.for('/alerts').some((r) => r.json.title === 'endpoint.paused'), 10_000);
      await new Promise((r) => setTimeout(r, 300));
      const events = alertReceiver.for('/alerts').filter((r) => r.json.title === 'endpoint.paused');
      expect(events).toHaveLength(1);
      expect(events[0].json.payload).toMatchObject({ type: 'endpoint.paused', data: { endpointId: id, origin: receiver.url, state: 'PAUSED' } });
      const { project } = await gqlOk(server.url, ProjectSigningSecretDocument, { id: user.projectId }, { token: user.token });
      expect(() => new Webhook(project!.signingSecret!.replace(/^whsec_/, '')).verify(events[0].body, events[0].headers as Record<string, string>)).not.toThrow();
      await patchEndpoint(id, { paused: false });
    } finally {
      await gqlOk(server.url, SetAlertWebhookDocument, { id: user.projectId, url: null }, { token: user.token });
    }
  });

  it('the breaker opens after N failures in a row, holds every attempt, probes after its back-off (doubling), and a success closes it', async () => {
    const receiver = await newReceiver();
    // Five failures open it; the first probe fails too; then the receiver recovers.
    let failing = 6;
    receiver.on('/flaky', (_req, res) => {
      if (failing > 0) {
        failing -= 1;
        res.writeHead(500).end('down');
      } else {
        res.writeHead(200).end('{}');
      }
    });
    const alerts = receiver.on('/alerts');
    expect((await gqlOk(server.url, SetAlertWebhookDocument, { id: user.projectId, url: alerts }, { token: user.token })).updateProject.alertWebhookUrl).toBe(alerts);
    const id = await limitedEndpoint(receiver, {});
    const changes = subscribe(server.url, EndpointChangedDocument, { projectId: user.projectId }, { authorization: `Bearer ${user.token}` });
    await changes.connected;
    try {
      const failed = await batch(Array.from({ length: 5 }, (_, i) => ({ title: `f${i}`, webhookUrl: `${receiver.url}/flaky`, fireAt: inMs(300), retry: { maxAttempts: 1 } })));
      await until('breaker open', async () => (await endpointOf(receiver)).state === 'OPEN', 10_000);
      const opened = await endpointOf(receiver);
      expect(opened.consecutiveFailures).toBe(5);
      expect((await Promise.all(failed.map(job))).map((j) => j.status)).toEqual(Array(5).fill('DEAD'));

      // Due while open: held, attempts untouched, until the probe at +1 s.
      const waiting = await batch(Array.from({ length: 4 }, (_, i) => ({ title: `w${i}`, webhookUrl: `${receiver.url}/flaky`, fireAt: inMs(100) })));
      await new Promise((r) => setTimeout(r, 300));
      expect(receiver.for('/flaky')).toHaveLength(5);
      for (const row of await attemptsOf(waiting)) expect(row).toEqual({ attempt: 0, logs: 0 });

      // The probe (one request) fails: open again, its back-off doubled to 2 s.
      await receiver.waitFor(() => receiver.for('/flaky').length === 6, 5_000);
      await new Promise((r) => setTimeout(r, 300));
      expect(receiver.for('/flaky')).toHaveLength(6);
      const reopened = await endpointOf(receiver);
      expect(reopened.state).toBe('OPEN');
      const wait = new Date(reopened.probeAt as string).getTime() - Date.now();
      expect(wait).toBeGreaterThan(1_000);
      expect(wait).toBeLessThanOrEqual(2_000);

      // The next probe succeeds: closed, and the rest go.
      await receiver.waitFor(() => receiver.for('/flaky').length === 9, 8_000);
      await until('closed', async () => (await endpointOf(receiver)).state === 'CLOSED', 5_000);
      await until('all delivered', async () => (await Promise.all(waiting.map(job))).every((j) => j.status === 'SUCCESS'), 5_000);
      // The probe job failed once; the others were never attempted before the recovery.
      const rows = await attemptsOf(waiting);
      expect(rows.map((row) => row.attempt).sort()).toEqual([1, 1, 1, 2]);

      // Published, alerted (signed, past the breaker of the very endpoint they report on), counted.
      await until('open and closed published', () => changes.events.some((e) => e.endpointChanged.state === 'CLOSED'), 5_000);
      const states = changes.events.filter((e) => e.endpointChanged.endpointId === id).map((e) => e.endpointChanged.state);
      expect(states).toEqual(['OPEN', 'CLOSED']);
      await receiver.waitFor(() => receiver.for('/alerts').filter((r) => r.json.title.startsWith('endpoint.')).length === 2, 10_000);
      const { project } = await gqlOk(server.url, ProjectSigningSecretDocument, { id: user.projectId }, { token: user.token });
      const webhook = new Webhook(project!.signingSecret!.replace(/^whsec_/, ''));
      const events = receiver.for('/alerts').filter((r) => r.json.title.startsWith('endpoint.'));
      for (const event of events) {
        expect(() => webhook.verify(event.body, event.headers as Record<string, string>)).not.toThrow();
      }
      expect(events.map((e) => e.json.title)).toEqual(['endpoint.opened', 'endpoint.closed']);
      expect(events[0].json.payload).toMatchObject({ type: 'endpoint.opened', data: { endpointId: id, origin: receiver.url, state: 'OPEN' } });
      expect(typeof events[0].json.payload.timestamp).toBe('string');
      const metrics = await fetch(`${server.url}/metrics`).then((r) => r.text());
      expect(metrics).toMatch(/dispatch_endpoint_breaker_transitions_total\{to="open"\} [1-9]/);
      expect(metrics).toMatch(/dispatch_endpoint_breaker_transitions_total\{to="closed"\} [1-9]/);
      expect(metrics).toMatch(/dispatch_endpoint_hold_seconds_count\{reason="endpoint circuit open"\} [1-9]/);
      // The dead jobs raised job.dead, each once.
      const dead = receiver.for('/alerts').filter((r) => r.json.title === 'job.dead');
      expect(dead.map((r) => (r.json.payload.data as { jobId: string }).jobId).sort()).toEqual([...failed].sort());
    } finally {
      await changes.dispose();
      await gqlOk(server.url, SetAlertWebhookDocument, { id: user.projectId, url: null }, { token: user.token });
    }
  }, 40_000);

  it('Retry-After on a 429 holds that endpoint’s attempts back at least that long, and is not a failure the breaker counts', async () => {
    const receiver = await newReceiver();
    receiver.on('/busy', respond(429, 'slow down', { 'retry-after': '2' }), respond(200, '{}'));
    const first = (await post({ title: 'first', webhookUrl: `${receiver.url}/busy`, fireAt: inMs(300) })).body.data.id;
    await receiver.waitFor(() => receiver.for('/busy').length === 1, 5_000);
    const throttledAt = receiver.for('/busy')[0].arrivedAt;
    const others = await batch(Array.from({ length: 3 }, (_, i) => ({ title: `o${i}`, webhookUrl: `${receiver.url}/busy`, fireAt: inMs(200) })));
    await receiver.waitFor(() => receiver.for('/busy').length === 5, 10_000);
    for (const request of receiver.for('/busy').slice(1)) expect(request.arrivedAt - throttledAt).toBeGreaterThanOrEqual(1_950);
    const endpoint = await endpointOf(receiver);
    expect(endpoint.consecutiveFailures).toBe(0);
    expect(endpoint.state).toBe('CLOSED');
    // The receiver has answered; the outcome is written a few milliseconds later.
    await until('the retry recorded', async () => (await job(first)).status === 'SUCCESS', 5_000);
    expect(await job(first)).toMatchObject({ status: 'SUCCESS', retryCount: 1 });
    const others0 = await job(others[0]);
    expect(others0.held).toMatchObject({ reason: 'receiver Retry-After' });
  });

  it('an HTTP-date Retry-After on a 503 is honoured too', async () => {
    const receiver = await newReceiver();
    receiver.on('/maintenance', (_req, res) => res.writeHead(503, { 'retry-after': new Date(Date.now() + 2_000).toUTCString() }).end(), respond(200, '{}'));
    await post({ title: 'm', webhookUrl: `${receiver.url}/maintenance`, fireAt: inMs(200) });
    await receiver.waitFor(() => receiver.for('/maintenance').length === 2, 10_000);
    const [a, b] = receiver.for('/maintenance');
    // Whole seconds in the date: at least a second later.
    expect(b.arrivedAt - a.arrivedAt).toBeGreaterThanOrEqual(1_000);
  });
});

describe('failure ratio', () => {
  let ratioServer: TestApp;
  let owner: Awaited<ReturnType<typeof signUp>>;
  beforeAll(async () => {
    ratioServer = await startTestApp({ BREAKER_FAILURES: '0', BREAKER_FAILURE_RATIO: '0.5', BREAKER_MIN_ATTEMPTS: '10', BREAKER_BACKOFF: '30s', MAX_ATTEMPTS: '1' });
    owner = await signUp(ratioServer.url);
  });
  afterAll(() => ratioServer?.stop());

  it('opens the breaker when failures over the window reach the ratio (and not before the minimum attempts)', async () => {
    const receiver = await newReceiver();
    let n = 0;
    // Two of every three fail: no run of failures is long, but the ratio is 0.67.
    receiver.on('/mixed', (_req, res) => res.writeHead(n++ % 3 === 0 ? 200 : 500).end());
    const jobs = Array.from({ length: 12 }, (_, i) => ({ title: `m${i}`, webhookUrl: `${receiver.url}/mixed`, fireAt: inMs(300 + i * 20) }));
    expect((await rest(ratioServer.url, 'POST', '/api/v1/jobs/batch', { body: { jobs }, credentials: { apiKey: owner.apiKey } })).status).toBe(201);
    await receiver.waitFor(() => receiver.for('/mixed').length === 12, 10_000);
    const state = async () => ((await rest(ratioServer.url, 'GET', '/api/v1/endpoints', { credentials: { apiKey: owner.apiKey } })).body.data.endpoints as Array<{ origin: string; state: string }>)
      .find((e) => e.origin === receiver.url)!.state;
    // The counts reach the shared minutes within a flush (5 s).
    await until('opened by the ratio', async () => (await state()) === 'OPEN', 15_000);
  }, 30_000);
});
