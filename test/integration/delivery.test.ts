/**
 * Firing against a real local receiver: the body and headers, timing, retries on the
 * configured schedule, DEAD after MAX_ATTEMPTS, failures logged with their reasons; once
 * with Agenda's window jobs in PostgreSQL and once in MongoDB.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobDocument, ScheduleJobDocument } from '../generated/graphql.js';
import { inMs, signUp, startTestApp, type TestApp } from '../helpers/app.js';
import { AGENDA_BACKENDS, openAgendaStore, type AgendaStoreUnderTest } from '../helpers/agenda-backends.js';
import { gqlOk } from '../helpers/clients.js';
import { hang, Receiver, respond } from '../helpers/receiver.js';

describe.each(AGENDA_BACKENDS)('delivery with Agenda on %s', (backend) => {
  let store: AgendaStoreUnderTest;
  let server: TestApp;
  let receiver: Receiver;
  let user: Awaited<ReturnType<typeof signUp>>;

  beforeAll(async () => {
    store = await openAgendaStore(backend);
    server = await startTestApp({ ...store.env, RETRY_DELAYS: '300ms,600ms', MAX_ATTEMPTS: '3', DELIVERY_TIMEOUT: '500ms' });
    receiver = await new Receiver().start();
    user = await signUp(server.url);
  });
  afterAll(async () => {
    await server?.stop();
    await receiver?.stop();
    await store?.dispose();
  });

  async function schedule(webhookUrl: string, fireInMs = 300, payload: Record<string, unknown> = { n: 1 }) {
    const fireAt = inMs(fireInMs);
    const { scheduleJob } = await gqlOk(server.url, ScheduleJobDocument, { input: { title: 'Trial expiry reminder', webhookUrl, fireAt, payload } }, { apiKey: user.apiKey });
    return scheduleJob;
  }

  async function jobWhen(id: string, done: (job: any) => boolean, timeoutMs = 15_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { job } = await gqlOk(server.url, JobDocument, { id }, { token: user.token });
      if (done(job)) return job!;
      if (Date.now() > deadline) throw new Error(`job ${id} still ${job?.status}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const terminal = (job: any) => ['SUCCESS', 'DEAD', 'CANCELLED'].includes(job?.status);

  it('POSTs exactly {jobId,title,payload,firedAt} as JSON at fireAt', async () => {
    const url = receiver.on('/exact');
    const payload = { userId: 'usr_812', nested: { list: [1, 'two', null], flag: true }, unicode: 'héllo ✓' };
    const job = await schedule(url, 700, payload);
    await receiver.waitFor(() => receiver.for('/exact').length === 1);
    const [request] = receiver.for('/exact');
    expect(Object.keys(request.json)).toEqual(['jobId', 'title', 'payload', 'firedAt']);
    expect(request.json).toMatchObject({ jobId: job.id, title: 'Trial expiry reminder', payload });
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.json.firedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const fireAt = Date.parse(job.fireAt);
    expect(request.arrivedAt).toBeGreaterThanOrEqual(fireAt);
    expect(Date.parse(request.json.firedAt)).toBeGreaterThanOrEqual(fireAt);
    const done = await jobWhen(job.id, terminal);
    expect(done).toMatchObject({ status: 'SUCCESS', retryCount: 0 });
    expect(done.logs).toHaveLength(1);
    expect(done.logs[0]).toMatchObject({ attempt: 1, status: 'SUCCESS', responseCode: 200, responseBody: '{"received":true}', error: null });
  });

  it('a job due beyond the claim lead fires through its window job in Agenda\'s store, on time', async () => {
    const url = receiver.on('/far');
    const job = await schedule(url, 4_500);
    const window = Math.floor(Date.parse(job.fireAt) / 1000) * 1000;
    expect(await store.windowJobs(server.databaseUrl, window)).toBe(1);
    await receiver.waitFor(() => receiver.for('/far').length === 1);
    expect(receiver.for('/far')[0].arrivedAt).toBeGreaterThanOrEqual(Date.parse(job.fireAt));
    expect(await jobWhen(job.id, terminal)).toMatchObject({ status: 'SUCCESS', retryCount: 0 });
  });

  it('fails twice then succeeds: 3 attempts, logs newest first, retry delays honoured', async () => {
    const url = receiver.on('/flaky', respond(500, 'boom'), respond(503, 'busy'), respond(200, 'ok'));
    const job = await schedule(url);
    const done = await jobWhen(job.id, terminal);
    expect(done).toMatchObject({ status: 'SUCCESS', retryCount: 2 });
    expect(done.logs.map((l: any) => [l.attempt, l.status, l.responseCode, l.responseBody])).toEqual([
      [3, 'SUCCESS', 200, 'ok'],
      [2, 'FAILED', 503, 'busy'],
      [1, 'FAILED', 500, 'boom'],
    ]);
    const arrivals = receiver.for('/flaky').map((r) => r.arrivedAt);
    expect(arrivals[1] - arrivals[0]).toBeGreaterThanOrEqual(300);
    expect(arrivals[2] - arrivals[1]).toBeGreaterThanOrEqual(600);
  });

  it('always 500 → DEAD after exactly MAX_ATTEMPTS, then no further request', async () => {
    const url = receiver.on('/always500', respond(500, 'nope'));
    const job = await schedule(url);
    const done = await jobWhen(job.id, terminal);
    expect(done).toMatchObject({ status: 'DEAD', retryCount: 2 });
    expect(done.logs).toHaveLength(3);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(receiver.for('/always500')).toHaveLength(3);
  });

  it('connection refused is logged with responseCode null and an error', async () => {
    const job = await schedule('http://127.0.0.1:1/refused');
    const done = await jobWhen(job.id, terminal);
    expect(done.status).toBe('DEAD');
    expect(done.logs[0]).toMatchObject({ responseCode: null, status: 'FAILED' });
    expect(done.logs[0].error).toMatch(/refused/i);
  });

  it('a receiver that hangs times out after DELIVERY_TIMEOUT', async () => {
    const url = receiver.on('/hang', hang());
    const job = await schedule(url);
    const done = await jobWhen(job.id, terminal);
    expect(done.status).toBe('DEAD');
    expect(done.logs[2]).toMatchObject({ responseCode: null, responseBody: null });
    expect(done.logs[2].error).toMatch(/timeout/i);
    expect(done.logs[2].durationMs).toBeGreaterThanOrEqual(450);
  });

  it('a 302 is a failure and the redirect target is never called', async () => {
    const target = receiver.on('/redirect-target');
    const url = receiver.on('/redirect', respond(302, '', { location: target }));
    const job = await schedule(url);
    const done = await jobWhen(job.id, terminal);
    expect(done.status).toBe('DEAD');
    expect(done.logs[0]).toMatchObject({ responseCode: 302, status: 'FAILED' });
    expect(receiver.for('/redirect-target')).toHaveLength(0);
  });

  it('an answer containing NUL bytes is still logged (NUL replaced), not lost', async () => {
    const url = receiver.on('/nul', respond(200, 'a\u0000b'));
    const job = await schedule(url);
    const done = await jobWhen(job.id, terminal);
    expect(done.status).toBe('SUCCESS');
    expect(done.logs[0].responseBody).toBe('a\uFFFDb');
  });
});
