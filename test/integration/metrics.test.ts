/** GET /metrics: what it counts, and who may read it. */
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobStatusChangedDocument } from '../generated/graphql.js';
import { signUp, startTestApp, type TestApp } from '../helpers/app.js';
import { scheduleJob } from '../helpers/jobs.js';
import { Receiver, respond } from '../helpers/receiver.js';
import { subscribe } from '../helpers/subscriptions.js';
import { isInternal } from '../../src/transports/metrics-route.js';

const scrape = async (url: string, headers: Record<string, string> = {}) => {
  const res = await request(`${url}/metrics`, { headers });
  return { status: res.statusCode, type: res.headers['content-type'], text: await res.body.text() };
};

/** The value of one sample line, e.g. `dispatch_jobs{status="SUCCESS"}`. */
const sample = (text: string, series: string): number | undefined => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe('what /metrics counts', () => {
  let server: TestApp;
  let receiver: Receiver;
  beforeAll(async () => {
    server = await startTestApp({ MAX_ATTEMPTS: '1' });
    receiver = await new Receiver().start();
  });
  afterAll(async () => {
    await server?.stop();
    await receiver?.stop();
  });

  it('reports firing lateness, attempts by outcome, jobs by status, request durations, sockets and Node internals', async () => {
    const user = await signUp(server.url);
    const sub = subscribe(server.url, JobStatusChangedDocument, { projectId: user.projectId }, { 'x-api-key': user.apiKey });
    await sub.connected;
    await scheduleJob(server.url, user.apiKey, { webhookUrl: receiver.on('/ok'), fireAt: Date.now() + 200 });
    await scheduleJob(server.url, user.apiKey, { webhookUrl: receiver.on('/broken', respond(500)), fireAt: Date.now() + 200 });
    await scheduleJob(server.url, user.apiKey, { webhookUrl: receiver.on('/later'), fireAt: Date.now() + 3_600_000 });
    // 3 × SCHEDULED, FIRING → SUCCESS, FIRING → FAILED → DEAD: both attempts recorded.
    await sub.waitForEvents(8, 10_000);

    const { status, type, text } = await scrape(server.url);
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(sample(text, 'dispatch_fire_lag_seconds_count')).toBe(2);
    expect(sample(text, 'dispatch_delivery_attempts_total{outcome="success"}')).toBe(1);
    expect(sample(text, 'dispatch_delivery_attempts_total{outcome="failure"}')).toBe(1);
    expect(sample(text, 'dispatch_delivery_duration_seconds_count')).toBe(2);
    expect(sample(text, 'dispatch_jobs{status="SUCCESS"}')).toBe(1);
    expect(sample(text, 'dispatch_jobs{status="DEAD"}')).toBe(1);
    expect(sample(text, 'dispatch_jobs{status="SCHEDULED"}')).toBe(1);
    expect(sample(text, 'dispatch_jobs{status="CANCELLED"}')).toBe(0);
    expect(sample(text, 'dispatch_http_request_duration_seconds_count{method="POST",route="/api/v1/jobs",status="201"}')).toBe(3);
    expect(sample(text, 'dispatch_websocket_connections')).toBe(1);
    expect(sample(text, 'dispatch_subscriptions')).toBe(1);
    expect(sample(text, 'dispatch_attempts_in_flight')).toBe(0);
    expect(sample(text, 'dispatch_attempts_waiting')).toBe(0);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
    // Route patterns, never raw paths with ids in them.
    await request(`${server.url}/api/v1/jobs/${crypto.randomUUID()}`).then((r) => r.body.text());
    expect((await scrape(server.url)).text).toContain('route="/api/v1/jobs/:id"');
    await sub.dispose();
  });
});

describe('who may read /metrics', () => {
  let server: TestApp;
  const token = 'scrape-token-0123456789';
  beforeAll(async () => {
    server = await startTestApp({ METRICS_TOKEN: token });
  });
  afterAll(async () => server?.stop());

  it('wants the bearer token when METRICS_TOKEN is set, and answers like an unknown route otherwise', async () => {
    const attempts: Array<Record<string, string>> = [{}, { authorization: 'Bearer wrong-token-0123456789' }, { authorization: token }];
    for (const headers of attempts) {
      const denied = await scrape(server.url, headers);
      expect(denied.status).toBe(404);
      expect(JSON.parse(denied.text)).toEqual({ status: false, message: 'Route GET /metrics not found', data: null });
    }
    expect((await scrape(server.url, { authorization: `Bearer ${token}` })).status).toBe(200);
  });

  it('without a token, answers only loopback and private-network clients', () => {
    for (const ip of ['127.0.0.1', '::1', '10.1.2.3', '172.16.0.9', '192.168.1.1', 'fd00::1', '::ffff:10.0.0.1', '100.64.0.1']) expect(isInternal(ip)).toBe(true);
    for (const ip of ['8.8.8.8', '2001:4860:4860::8888', '::ffff:1.1.1.1', 'not an ip']) expect(isInternal(ip)).toBe(false);
  });
});
