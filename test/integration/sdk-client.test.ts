/** dispatch/client against a real service on loopback (real PostgreSQL, real receiver, real WebSocket). */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DispatchClient, DispatchConnectionError, DispatchError, type JobStatusEvent } from '../../src/client/index.js';
import { inMs, signUp, startTestApp, type TestApp } from '../helpers/app.js';
import { Receiver } from '../helpers/receiver.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';

let server: TestApp;
let receiver: Receiver;
let account: Awaited<ReturnType<typeof signUp>>;
let client: DispatchClient;

beforeAll(async () => {
  [server, receiver] = await Promise.all([startTestApp(), new Receiver().start()]);
  account = await signUp(server.url);
  // An API key alone: writes over REST, job reads over GraphQL.
  client = new DispatchClient({ url: server.url, apiKey: account.apiKey });
});
afterAll(async () => {
  await client?.close();
  await Promise.all([server?.stop(), receiver?.stop()]);
});

/** Reads `count` events (or fails after `timeoutMs`). */
async function take(events: AsyncIterator<JobStatusEvent>, count: number, timeoutMs = 15_000): Promise<JobStatusEvent[]> {
  const seen: JobStatusEvent[] = [];
  const timer = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`got ${seen.length} of ${count} events: ${JSON.stringify(seen.map((e) => e.status))}`)), timeoutMs));
  while (seen.length < count) {
    const next = await Promise.race([events.next(), timer]);
    if (next.done) break;
    seen.push(next.value);
  }
  return seen;
}

describe('jobs', () => {
  it('schedules a job that is delivered; getJob then shows SUCCESS with its delivery log', async () => {
    const url = receiver.on('/delivered');
    const job = await client.scheduleJob({ title: 'Trial expiry', webhookUrl: url, delay: '300ms', payload: { userId: 'usr_1' }, labels: { env: 'test' } });
    expect(job).toMatchObject({ title: 'Trial expiry', webhookUrl: url, status: 'SCHEDULED', payload: { userId: 'usr_1' }, labels: { env: 'test' }, projectId: account.projectId });
    await receiver.waitFor(() => receiver.for('/delivered').length === 1);
    expect(receiver.for('/delivered')[0].json).toMatchObject({ jobId: job.id, title: 'Trial expiry', payload: { userId: 'usr_1' } });

    let fetched = await client.getJob(job.id);
    for (let i = 0; fetched.status !== 'SUCCESS' && i < 50; i++) {
      await new Promise((r) => setTimeout(r, 100));
      fetched = await client.getJob(job.id);
    }
    expect(fetched).toMatchObject({ id: job.id, status: 'SUCCESS', retryCount: 0, project: { id: account.projectId, name: 'production' } });
    expect(fetched.logs).toHaveLength(1);
    expect(fetched.logs[0]).toMatchObject({ attempt: 1, status: 'SUCCESS', responseCode: 200, responseBody: '{"received":true}', error: null });
  });

  it('listJobs iterates across pages, newest first, with the filter applied', async () => {
    const url = receiver.on('/listed');
    const created = [];
    for (let i = 0; i < 5; i++) created.push(await client.scheduleJob({ title: `page job ${i}`, webhookUrl: url, fireAt: inMs(3_600_000), labels: { batch: 'pages' } }));
    const pages = [];
    for await (const page of client.listJobs({ labels: { batch: 'pages' }, pageSize: 2 })) pages.push(page);
    expect(pages.map((page) => page.jobs.length)).toEqual([2, 2, 1]);
    expect(pages.flatMap((page) => page.jobs.map((job) => job.id))).toEqual(created.map((job) => job.id).reverse());
    expect(pages[0]).toMatchObject({ totalCount: 5, totalIsEstimate: false });
    expect(pages[2].nextCursor).toBeNull();
    expect(pages[0].jobs[0].project).toEqual({ id: account.projectId, name: 'production' });
    // The largest page fits the service's GraphQL limits (depth, cost).
    for await (const page of client.listJobs({ pageSize: 100 })) {
      expect(page.jobs.length).toBeGreaterThanOrEqual(5);
      break;
    }
  });

  it('bad input is a DispatchError with the status and the service message naming the field', async () => {
    const error = await client.scheduleJob({ title: 'x', webhookUrl: 'not a url', delay: '1m' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DispatchError);
    expect(error).toMatchObject({ status: 400 });
    expect((error as DispatchError).message).toMatch(/webhookUrl/);
    expect((error as DispatchError).requestId).toMatch(/\S/);

    const missing = await client.getJob('00000000-0000-7000-8000-000000000000').catch((e: unknown) => e);
    expect(missing).toMatchObject({ name: 'DispatchError', status: 404, message: 'Job not found' });

    const badKey = new DispatchClient({ url: server.url, apiKey: `sk_${'0'.repeat(64)}` });
    await expect(badKey.cancelJob(crypto.randomUUID())).rejects.toMatchObject({ status: 401, message: 'Invalid API key' });
  });

  it('an idempotency key returns the same job; the same key with another request is a 422', async () => {
    const url = receiver.on('/idempotent');
    const input = { title: 'once', webhookUrl: url, fireAt: inMs(3_600_000) };
    const first = await client.scheduleJob(input, { idempotencyKey: 'order-42' });
    const again = await client.scheduleJob(input, { idempotencyKey: 'order-42' });
    expect(again.id).toBe(first.id);
    await expect(client.scheduleJob({ ...input, title: 'twice' }, { idempotencyKey: 'order-42' })).rejects.toMatchObject({ status: 422 });
    // Without a key of the caller's, every call is its own job.
    const other = await client.scheduleJob(input);
    expect(other.id).not.toBe(first.id);
  });

  it('cancels, updates, runs now, replays, batches and bulk-acts', async () => {
    const url = receiver.on('/control');
    const [a, b, c] = await client.scheduleJobs([0, 1, 2].map((i) => ({ title: `batch ${i}`, webhookUrl: url, fireAt: inMs(3_600_000), labels: { set: 'control' } })));
    expect([a.title, b.title, c.title]).toEqual(['batch 0', 'batch 1', 'batch 2']);

    const updated = await client.updateJob(a.id, { title: 'renamed', delay: '2h' });
    expect(updated).toMatchObject({ id: a.id, title: 'renamed', status: 'SCHEDULED' });

    await client.cancelJob(b.id);
    expect((await client.getJob(b.id)).status).toBe('CANCELLED');
    await expect(client.cancelJob(b.id)).rejects.toMatchObject({ status: 400, message: 'Only scheduled jobs can be cancelled' });

    await client.runJobNow(c.id);
    await receiver.waitFor(() => receiver.for('/control').some((r) => r.json.jobId === c.id));

    const replay = await client.replayJob(b.id, { fireAt: inMs(3_600_000) });
    expect(replay).toMatchObject({ replayOf: b.id, title: 'batch 1', status: 'SCHEDULED' });

    const cancelled = await client.cancelJobs({ labels: { set: 'control' }, status: 'SCHEDULED' });
    expect(cancelled.ids.sort()).toEqual([a.id, replay.id].sort());
    const replayed = await client.replayJobs({ ids: [a.id] });
    expect(replayed.count).toBe(1);
  });

  it('a session token alone schedules into the project it names, and reads', async () => {
    const byToken = new DispatchClient({ url: server.url, token: account.token });
    const job = await byToken.scheduleJob({ title: 'by token', webhookUrl: receiver.on('/token'), fireAt: inMs(3_600_000), projectId: account.projectId });
    expect(job.projectId).toBe(account.projectId);
    expect((await byToken.getJob(job.id)).title).toBe('by token');
    // Another user's job answers as a missing one.
    const stranger = await signUp(server.url, 'elsewhere');
    await expect(new DispatchClient({ url: server.url, token: stranger.token }).getJob(job.id)).rejects.toMatchObject({ status: 404 });
  });
});

describe('schedules and endpoints', () => {
  it('creates, reads, lists, updates, pauses, resumes and deletes a schedule', async () => {
    const url = receiver.on('/schedule');
    const schedule = await client.createSchedule({ name: 'nightly', cron: '0 3 * * *', timezone: 'Europe/Berlin', title: 'nightly report', webhookUrl: url });
    expect(schedule).toMatchObject({ name: 'nightly', cron: '0 3 * * *', paused: false });
    expect((await client.getSchedule(schedule.id, { runs: 3 })).nextRuns).toHaveLength(3);
    const listed = [];
    for await (const page of client.listSchedules({ pageSize: 1 })) listed.push(...page.schedules.map((s) => s.id));
    expect(listed).toContain(schedule.id);
    expect(await client.updateSchedule(schedule.id, { every: '1h' })).toMatchObject({ cron: null, every: '1h' });
    expect(await client.pauseSchedule(schedule.id)).toMatchObject({ paused: true, nextRunAt: null });
    expect(await client.resumeSchedule(schedule.id)).toMatchObject({ paused: false });
    expect((await client.deleteSchedule(schedule.id)).id).toBe(schedule.id);
    await expect(client.getSchedule(schedule.id)).rejects.toMatchObject({ status: 404 });
  });

  it('lists and updates the endpoints of the key\'s project', async () => {
    const endpoints = await client.listEndpoints();
    expect(endpoints.length).toBeGreaterThan(0);
    const endpoint = endpoints[0];
    expect(await client.updateEndpoint(endpoint.id, { rateLimit: 50, parallelism: 5 })).toMatchObject({ id: endpoint.id, rateLimit: 50, parallelism: 5 });
    expect(await client.updateEndpoint(endpoint.id, { rateLimit: null, parallelism: null })).toMatchObject({ rateLimit: null, parallelism: null });
  });
});

describe('subscribe', () => {
  it('follows a project live: SCHEDULED → FIRING → SUCCESS for a new job', async () => {
    const subscription = client.subscribe({ projectId: account.projectId });
    await subscription.connected;
    // The subscription itself is registered just after the connection is accepted.
    await new Promise((r) => setTimeout(r, 200));
    const job = await client.scheduleJob({ title: 'live', webhookUrl: receiver.on('/live'), delay: '500ms', labels: { live: 'yes' } });
    const events = (await take(subscription, 3)).filter((event) => event.jobId === job.id);
    await subscription.close();
    expect(events.map((event) => [event.previousStatus, event.status])).toEqual([[null, 'SCHEDULED'], ['SCHEDULED', 'FIRING'], ['FIRING', 'SUCCESS']]);
    expect(events[2]).toMatchObject({ projectId: account.projectId, retryCount: 0, job: { id: job.id, title: 'live', status: 'SUCCESS' } });
    // A closed subscription is done for good.
    expect(await subscription.next()).toEqual({ value: undefined, done: true });
  });

  it('follows one job through a retry; leaving the loop ends the subscription', async () => {
    const url = receiver.on('/flaky', (_req, res) => res.writeHead(500).end('down'), (_req, res) => res.writeHead(200).end('ok'));
    const job = await client.scheduleJob({ title: 'flaky', webhookUrl: url, fireAt: inMs(1_500) });
    const statuses: string[] = [];
    const subscription = client.subscribe({ jobId: job.id });
    for await (const event of subscription) {
      statuses.push(`${event.status}/${event.retryCount}`);
      if (event.status === 'SUCCESS') break;
    }
    expect(statuses).toEqual(['FIRING/0', 'FAILED/0', 'SCHEDULED/1', 'FIRING/1', 'SUCCESS/1']);
    expect(await subscription.next()).toMatchObject({ done: true });
  });

  it('reconnects after the connection drops and goes on delivering events', async () => {
    const address = new URL(server.url);
    const proxy = await new TcpProxy(address.hostname, Number(address.port)).start();
    const throughProxy = new DispatchClient({ url: `http://127.0.0.1:${proxy.port}`, apiKey: account.apiKey });
    const subscription = throughProxy.subscribe({ projectId: account.projectId });
    try {
      await subscription.connected;
      await proxy.cut();
      await proxy.restore();
      // Due after graphql-ws's reconnection wait (about 1 to 4 s): its events come over the new connection.
      const job = await client.scheduleJob({ title: 'after the drop', webhookUrl: receiver.on('/after-drop'), delay: '6s' });
      const seen: string[] = [];
      for await (const event of subscription) {
        if (event.jobId !== job.id) continue;
        seen.push(event.status);
        if (event.status === 'SUCCESS') break;
      }
      expect(seen.slice(-2)).toEqual(['FIRING', 'SUCCESS']);
    } finally {
      await subscription.close();
      await proxy.stop();
    }
  });

  it('refused credentials end the iterator with a 401 DispatchError', async () => {
    const subscription = new DispatchClient({ url: server.url, apiKey: `sk_${'f'.repeat(64)}` }).subscribe({}, { retryAttempts: 0 });
    await expect(subscription.next()).rejects.toMatchObject({ name: 'DispatchError', status: 401 });
    await expect(subscription.connected).rejects.toBeInstanceOf(DispatchError);
  });
});

describe('retries', () => {
  /** A real HTTP server that answers 429 (with Retry-After) `refusals` times, then a job envelope. */
  async function flakyService(refusals: number, retryAfter: string): Promise<{ url: string; arrivals: number[]; keys: unknown[]; server: Server }> {
    const arrivals: number[] = [];
    const keys: unknown[] = [];
    const http = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        arrivals.push(Date.now());
        keys.push(req.headers['idempotency-key']);
        if (arrivals.length <= refusals) {
          res.writeHead(429, { 'content-type': 'application/json', 'retry-after': retryAfter });
          res.end(JSON.stringify({ status: false, message: 'Rate limit exceeded', data: null }));
        } else {
          res.writeHead(201, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ status: true, message: 'Job scheduled successfully', data: { id: 'job-1', idempotencyKey: req.headers['idempotency-key'] } }));
        }
      });
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, arrivals, keys, server: http };
  }

  it('waits as long as Retry-After says, then succeeds, with the same idempotency key', async () => {
    const flaky = await flakyService(1, '1');
    try {
      const job = (await new DispatchClient({ url: flaky.url, apiKey: 'sk_x' }).scheduleJob({ title: 't', webhookUrl: 'https://example.com', delay: '1m' })) as unknown as { id: string; idempotencyKey: string };
      expect(job.id).toBe('job-1');
      expect(flaky.arrivals).toHaveLength(2);
      expect(flaky.arrivals[1] - flaky.arrivals[0]).toBeGreaterThanOrEqual(950);
      // The retry is the same request: a job it may have created already is the one answered.
      expect(job.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
      expect(flaky.keys).toEqual([job.idempotencyKey, job.idempotencyKey]);
    } finally {
      flaky.server.close();
    }
  });

  it('gives up (the 429 as a DispatchError) after its retries, or when Retry-After is longer than it may wait', async () => {
    const flaky = await flakyService(10, '0');
    try {
      const error = await new DispatchClient({ url: flaky.url, apiKey: 'sk_x', retry: { retries: 2 } }).runJobNow('x').catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'DispatchError', status: 429, message: 'Rate limit exceeded' });
      expect(flaky.arrivals).toHaveLength(3);
    } finally {
      flaky.server.close();
    }
  });

  it('a real rate-limited service: a Retry-After longer than the client may wait surfaces the 429 at once', async () => {
    const limited = await startTestApp({ RATE_LIMIT_SCHEDULE_PER_MINUTE: '1' });
    try {
      const user = await signUp(limited.url);
      // A window's reset is up to a minute away: more than this client may wait.
      const sdk = new DispatchClient({ url: limited.url, apiKey: user.apiKey, retry: { retries: 2, maxDelayMs: 100 } });
      await sdk.scheduleJob({ title: 'first', webhookUrl: 'https://example.com/a', delay: '1h' });
      const started = Date.now();
      const error = await sdk.scheduleJob({ title: 'second', webhookUrl: 'https://example.com/a', delay: '1h' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DispatchError);
      expect(error).toMatchObject({ status: 429 });
      expect((error as DispatchError).message).toMatch(/rate limit/i);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await limited.stop();
    }
  });

  it('an unreachable service is a DispatchConnectionError', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(new DispatchClient({ url: `http://127.0.0.1:${port}`, apiKey: 'sk_x' }).getJob('x')).rejects.toBeInstanceOf(DispatchConnectionError);
  });
});
