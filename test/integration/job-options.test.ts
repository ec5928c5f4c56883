/**
 * Per-job delivery options, relative times, labels and the payload kept byte for byte,
 * over REST and GraphQL against a real receiver: what each attempt sends and how retries
 * and expiry follow the job's own settings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobDocument, JobsDocument, ScheduleJobDocument } from '../generated/graphql.js';
import { inMs, signUp, startTestApp, type TestApp } from '../helpers/app.js';
import { gql, gqlOk, rest } from '../helpers/clients.js';
import { until } from '../helpers/jobs.js';
import { hang, Receiver, respond } from '../helpers/receiver.js';

let server: TestApp;
let receiver: Receiver;
let user: Awaited<ReturnType<typeof signUp>>;
beforeAll(async () => {
  server = await startTestApp({ RETRY_DELAYS: '5s', MAX_ATTEMPTS: '3', DELIVERY_TIMEOUT: '3s' });
  receiver = await new Receiver().start();
  user = await signUp(server.url);
});
afterAll(async () => {
  await server?.stop();
  await receiver?.stop();
});

const post = (body: unknown, headers: Record<string, string> = {}) => rest(server.url, 'POST', '/api/v1/jobs', { body, credentials: { apiKey: user.apiKey }, headers });
const getJob = async (id: string) => (await rest(server.url, 'GET', `/api/v1/jobs/${id}`, { credentials: { token: user.token } })).body.data;
const finished = (id: string, timeoutMs = 15_000) => until(`job ${id} finished`, async () => ['SUCCESS', 'DEAD', 'CANCELLED'].includes((await getJob(id)).status), timeoutMs);

describe('payload verbatim', () => {
  it('delivers the payload bytes the client sent: key order, duplicate keys, spacing and number spelling', async () => {
    const url = receiver.on('/verbatim');
    const payloadText = '{"hello":"world","n":1, "n" : 2,"big":12345678901234567890,"f":1.50,"e":1e2,"esc":"\\u00e9\\n"}';
    const raw = `{"title":"verbatim","webhookUrl":${JSON.stringify(url)},"delay":"300ms","payload":${payloadText}}`;
    const res = await rest(server.url, 'POST', '/api/v1/jobs', { body: raw, credentials: { apiKey: user.apiKey } });
    expect(res.status).toBe(201);
    // The answer is the payload as JSON (parsed): the last duplicate wins there, as in any JSON reader.
    expect(res.body.data.payload).toEqual({ hello: 'world', n: 2, big: 12345678901234567000 /* the nearest double: the delivered text keeps every digit */, f: 1.5, e: 100, esc: 'é\n' });
    await receiver.waitFor(() => receiver.for('/verbatim').length === 1);
    const [delivery] = receiver.for('/verbatim');
    expect(delivery.body).toBe(`{"jobId":"${res.body.data.id}","title":"verbatim","payload":${payloadText},"firedAt":"${delivery.json.firedAt}"}`);
  });

  it('the guide’s example keeps its order ({"hello":"world","n":1} is not reordered)', async () => {
    const url = receiver.on('/order');
    const res = await rest(server.url, 'POST', '/api/v1/jobs', {
      body: `{"title":"t","webhookUrl":${JSON.stringify(url)},"delay":"200ms","payload":{"hello":"world","n":1}}`,
      credentials: { apiKey: user.apiKey },
    });
    expect(res.status).toBe(201);
    await receiver.waitFor(() => receiver.for('/order').length === 1);
    expect(receiver.for('/order')[0].body).toContain('"payload":{"hello":"world","n":1},');
  });

  it('over GraphQL the payload is sent in the order of its keys', async () => {
    const url = receiver.on('/graphql-order');
    await gqlOk(server.url, ScheduleJobDocument, { input: { title: 't', webhookUrl: url, delay: '200ms', payload: { z: 1, a: { y: 2, b: 3 } } } }, { apiKey: user.apiKey });
    await receiver.waitFor(() => receiver.for('/graphql-order').length === 1);
    expect(receiver.for('/graphql-order')[0].body).toContain('"payload":{"z":1,"a":{"y":2,"b":3}},');
  });
});

describe('delay', () => {
  it('computes fireAt from now, over REST and GraphQL', async () => {
    const before = Date.now();
    const res = await post({ title: 't', webhookUrl: 'https://example.com/x', delay: '15m' });
    expect(res.status).toBe(201);
    const fireAt = Date.parse(res.body.data.fireAt);
    expect(fireAt).toBeGreaterThanOrEqual(before + 15 * 60_000);
    expect(fireAt).toBeLessThanOrEqual(Date.now() + 15 * 60_000);
    const { scheduleJob } = await gqlOk(server.url, ScheduleJobDocument, { input: { title: 't', webhookUrl: 'https://example.com/x', delay: '90000' } }, { apiKey: user.apiKey });
    expect(Math.abs(Date.parse(scheduleJob.fireAt) - (Date.now() + 90_000))).toBeLessThan(5_000);
  });

  it.each([
    [{ delay: '2h', fireAt: '2030-01-01T00:00:00Z' }, 'delay', /either fireAt or delay/],
    [{}, 'fireAt', /fireAt is required/],
    [{ delay: 'soon' }, 'delay', /delay must be a duration/],
    [{ delay: '0' }, 'delay', /delay must be at least 1ms/],
    [{ delay: '4000d' }, 'delay', /delay must be at most 3650d/],
    [{ delay: -5 }, 'delay', /delay must be/],
  ])('refuses %j naming %s', async (timing, field, message) => {
    const res = await post({ title: 't', webhookUrl: 'https://example.com/x', ...timing });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(message);
    const graphql = await gql(server.url, ScheduleJobDocument, { input: { title: 't', webhookUrl: 'https://example.com/x', ...timing } as never }, { apiKey: user.apiKey });
    expect(graphql.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    if (graphql.errors?.[0].extensions?.field) expect(graphql.errors[0].extensions.field).toBe(field);
  });
});

describe('delivery options', () => {
  it('retry: the job’s own attempts and delays, then DEAD; shown on the job', async () => {
    const url = receiver.on('/own-retry', respond(500, 'no'));
    const res = await post({ title: 't', webhookUrl: url, delay: '200ms', retry: { maxAttempts: 4, delays: ['100ms', '300ms'], maxDelay: '250ms' } });
    expect(res.body.data.retry).toEqual({ maxAttempts: 4, delays: ['100ms', '300ms'], maxDelay: '250ms' });
    await finished(res.body.data.id);
    const requests = receiver.for('/own-retry');
    expect(requests).toHaveLength(4);
    const gaps = requests.slice(1).map((r, i) => r.arrivedAt - requests[i].arrivedAt);
    // 100 ms, then 300 ms capped at 250 ms, and the last delay repeating.
    expect(gaps[0]).toBeGreaterThanOrEqual(100);
    for (const gap of gaps.slice(1)) expect(gap).toBeGreaterThanOrEqual(250);
    for (const gap of gaps) expect(gap).toBeLessThan(2_500);
    const job = await getJob(res.body.data.id);
    expect(job).toMatchObject({ status: 'DEAD', retryCount: 3 });
    expect(job.logs).toHaveLength(4);
  });

  it('a job without options shows (and uses) the server’s defaults', async () => {
    const res = await post({ title: 't', webhookUrl: 'https://example.com/x', delay: '1h' });
    expect(res.body.data).toMatchObject({ retry: { maxAttempts: 3, delays: ['5s'], maxDelay: '5m' }, timeout: '3s', headers: {}, expiresAt: null, labels: {}, replayOf: null });
  });

  it('timeout: an attempt without an answer by the job’s timeout fails', async () => {
    const url = receiver.on('/own-timeout', hang());
    const res = await post({ title: 't', webhookUrl: url, delay: '100ms', timeout: '300ms', retry: { maxAttempts: 1 } });
    expect(res.body.data.timeout).toBe('300ms');
    await finished(res.body.data.id);
    const job = await getJob(res.body.data.id);
    expect(job.logs[0]).toMatchObject({ status: 'FAILED', error: 'timeout after 300 ms', responseCode: null });
    expect(job.logs[0].durationMs).toBeLessThan(2_000);
  });

  it('headers: sent with every attempt beside the signatures, which stay as they are', async () => {
    const url = receiver.on('/own-headers', respond(500), respond(200));
    const res = await post({ title: 't', webhookUrl: url, delay: '100ms', retry: { delays: ['100ms'] }, headers: { Authorization: 'Bearer receiver-token', 'X-Tenant': 'acme' } });
    expect(res.body.data.headers).toEqual({ authorization: 'Bearer receiver-token', 'x-tenant': 'acme' });
    await finished(res.body.data.id);
    const requests = receiver.for('/own-headers');
    expect(requests).toHaveLength(2);
    for (const request of requests) {
      expect(request.headers).toMatchObject({ authorization: 'Bearer receiver-token', 'x-tenant': 'acme', 'content-type': 'application/json', 'webhook-id': res.body.data.id });
      expect(request.headers['x-dispatch-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    }
  });

  it.each(['Host', 'content-length', 'Content-Type', 'transfer-encoding', 'Connection', 'X-Dispatch-Signature', 'x-dispatch-anything', 'webhook-id', 'Webhook-Signature'])(
    'refuses the reserved header %s with a 400 naming it',
    async (name) => {
      const res = await post({ title: 't', webhookUrl: 'https://example.com/x', delay: '1h', headers: { [name]: 'x' } });
      expect(res.status).toBe(400);
      expect(res.body.message).toContain(`header "${name}" is reserved`);
      const graphql = await gql(server.url, ScheduleJobDocument, { input: { title: 't', webhookUrl: 'https://example.com/x', delay: '1h', headers: { [name]: 'x' } } }, { apiKey: user.apiKey });
      expect(graphql.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: `headers.${name}` });
    },
  );

  it.each([
    [{ headers: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`x-h${i}`, 'v'])) }, /at most 20 headers/],
    [{ headers: { 'bad name': 'v' } }, /not a valid HTTP header name/],
    [{ headers: { 'x-ok': 'line\r\nInjected: yes' } }, /without line breaks/],
    [{ headers: { 'x-ok': 5 } }, /string value/],
    [{ headers: ['x'] }, /headers must be an object/],
    [{ retry: { maxAttempts: 0 } }, /retry.maxAttempts must be an integer from 1 to 20/],
    [{ retry: { maxAttempts: 21 } }, /from 1 to 20/],
    [{ retry: { delays: [] } }, /retry.delays must be a list of 1 to 20/],
    [{ retry: { delays: ['10s', 'later'] } }, /retry.delays\[1\] must be a duration/],
    [{ retry: { maxDelay: 'x' } }, /retry.maxDelay must be a duration/],
    [{ retry: { tries: 2 } }, /retry.tries is not a retry option/],
    [{ retry: 3 }, /retry must be an object/],
    [{ timeout: '10s' }, /timeout must be at most 3s/],
    [{ timeout: '0' }, /timeout must be at least 1ms/],
    [{ expiresAt: '2020-01-01T00:00:00Z' }, /expiresAt must be in the future/],
    [{ expiresAt: new Date(Date.now() + 30 * 60_000).toISOString() }, /expiresAt must be after the time the job is due/],
    [{ labels: { env: 5 } }, /label "env" must have a string value/],
    [{ labels: { 'bad key!': 'x' } }, /label key "bad key!"/],
    [{ labels: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, 'v'])) }, /at most 20 labels/],
  ])('refuses %j with a 400 naming the field', async (extra, message) => {
    const res = await post({ title: 't', webhookUrl: 'https://example.com/x', delay: '1h', ...extra });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(message);
  });

  it('expiresAt: an attempt that cannot start before it is not sent, and the job goes DEAD with "expired"', async () => {
    // The receiver is down for the first attempt; the retry comes after the job has expired.
    const url = receiver.on('/expiring', respond(503));
    const res = await post({ title: 't', webhookUrl: url, delay: '100ms', expiresAt: inMs(1_200), retry: { delays: ['1500ms'] } });
    await finished(res.body.data.id);
    const job = await getJob(res.body.data.id);
    expect(receiver.for('/expiring')).toHaveLength(1);
    expect(job.status).toBe('DEAD');
    expect(job.logs.map((log: { attempt: number; status: string; error: string }) => [log.attempt, log.status, log.error])).toEqual([[2, 'FAILED', 'expired'], [1, 'FAILED', 'HTTP 503']]);
  });
});

describe('labels', () => {
  it('are kept on the job and filter lists (AND of every label=key:value) over REST and GraphQL', async () => {
    const owner = await signUp(server.url);
    const make = (labels: Record<string, string>) =>
      rest(server.url, 'POST', '/api/v1/jobs', { body: { title: 'l', webhookUrl: 'https://example.com/x', delay: '1h', labels }, credentials: { apiKey: owner.apiKey } }).then((r) => r.body.data.id);
    const a = await make({ env: 'prod', team: 'billing' });
    const b = await make({ env: 'prod', team: 'growth' });
    await make({ env: 'staging' });
    const list = async (qs: string) => (await rest(server.url, 'GET', `/api/v1/jobs?${qs}`, { credentials: { token: owner.token } })).body.data.jobs.map((j: { id: string }) => j.id);
    expect(new Set(await list('label=env:prod'))).toEqual(new Set([a, b]));
    expect(await list('label=env:prod&label=team:billing')).toEqual([a]);
    expect(await list('label=env:dev')).toEqual([]);
    expect((await rest(server.url, 'GET', '/api/v1/jobs?label=noColon', { credentials: { token: owner.token } })).status).toBe(400);
    expect((await rest(server.url, 'GET', '/api/v1/jobs?label=env:a&label=env:b', { credentials: { token: owner.token } })).status).toBe(400);
    const { jobs } = await gqlOk(server.url, JobsDocument, { labels: { team: 'growth' } }, { token: owner.token });
    expect(jobs.jobs.map((j) => j.id)).toEqual([b]);
    expect(jobs.jobs[0].labels).toEqual({ env: 'prod', team: 'growth' });
    // Another user's labels are not seen.
    const stranger = await signUp(server.url);
    expect((await gqlOk(server.url, JobsDocument, { labels: { env: 'prod' } }, { token: stranger.token })).jobs.jobs).toEqual([]);
    const { job } = await gqlOk(server.url, JobDocument, { id: a }, { token: owner.token });
    expect(job!.labels).toEqual({ env: 'prod', team: 'billing' });
  });
});
