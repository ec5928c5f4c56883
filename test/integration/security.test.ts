/**
 * Safe to point at the internet: signed deliveries (Dispatch and Standard Webhooks
 * headers, rotation), the address guard at schedule and connect time, idempotency keys,
 * rate limits with their headers, and GraphQL limits.
 */
import { createHmac, randomUUID } from 'node:crypto';
import pg from 'pg';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobDocument, ProjectSigningSecretDocument, ProjectSummaryDocument, RotateSigningSecretDocument, ScheduleJobDocument } from '../generated/graphql.js';
import { inMs, signUp, startTestApp, type TestApp } from '../helpers/app.js';
import { gql, gqlOk, rest } from '../helpers/clients.js';
import { createTestDatabase } from '../helpers/database.js';
import { MAX_UNSYNCED, RATE_SYNC_MS } from '../../src/domain/rate-limiter.js';
import { Receiver } from '../helpers/receiver.js';
import { subscribe } from '../helpers/subscriptions.js';
import { parse } from 'graphql';

async function rawGql(url: string, query: string, variables: object, headers: Record<string, string> = {}) {
  const { request } = await import('undici');
  const res = await request(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  return { status: res.statusCode, headers: res.headers, body: (await res.body.json()) as any };
}

/** Windows are whole minutes: a test that counts must not straddle two. */
async function awayFromMinuteBoundary(neededMs = 15_000): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < neededMs) await new Promise((r) => setTimeout(r, left + 50));
}

let receiver: Receiver;
beforeAll(async () => {
  receiver = await new Receiver().start();
});
afterAll(async () => receiver?.stop());

describe('signed deliveries', () => {
  let server: TestApp;
  beforeAll(async () => {
    server = await startTestApp();
  });
  afterAll(async () => server?.stop());

  const verifyDispatch = (header: string, body: string, secret: string) => {
    const parts = header.split(',');
    const t = parts.find((p) => p.startsWith('t='))!.slice(2);
    const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
    const expected = createHmac('sha256', key).update(`${t}.${body}`).digest('hex');
    return parts.filter((p) => p.startsWith('v1=')).some((p) => p.slice(3) === expected);
  };

  it('signs every delivery with x-dispatch-signature and Standard Webhooks headers', async () => {
    const user = await signUp(server.url);
    const secret = (await gqlOk(server.url, ProjectSigningSecretDocument, { id: user.projectId }, { token: user.token })).project!.signingSecret!;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const url = receiver.on('/signed');
    const { scheduleJob } = await gqlOk(server.url, ScheduleJobDocument, { input: { title: 's', webhookUrl: url, fireAt: inMs(300) } }, { apiKey: user.apiKey });
    await receiver.waitFor(() => receiver.for('/signed').length === 1);
    const [req] = receiver.for('/signed');
    expect(req.headers['webhook-id']).toBe(scheduleJob.id);
    expect(Number(req.headers['webhook-timestamp'])).toBe(Math.floor(Date.parse(req.json.firedAt) / 1000));
    expect(() => new Webhook(secret).verify(req.body, req.headers as Record<string, string>)).not.toThrow();
    expect(verifyDispatch(String(req.headers['x-dispatch-signature']), req.body, secret)).toBe(true);
    expect(verifyDispatch(String(req.headers['x-dispatch-signature']), req.body.replace('"s"', '"x"'), secret)).toBe(false);
  });

  it('after rotation both secrets sign for 24 hours; only the owner reads or rotates the secret', async () => {
    const user = await signUp(server.url);
    const old = (await gqlOk(server.url, ProjectSigningSecretDocument, { id: user.projectId }, { token: user.token })).project!.signingSecret!;
    const { rotateSigningSecret } = await gqlOk(server.url, RotateSigningSecretDocument, { projectId: user.projectId }, { token: user.token });
    const current = rotateSigningSecret.signingSecret!;
    expect(current).not.toBe(old);
    const url = receiver.on('/rotated');
    await gqlOk(server.url, ScheduleJobDocument, { input: { title: 'r', webhookUrl: url, fireAt: inMs(300) } }, { apiKey: user.apiKey });
    await receiver.waitFor(() => receiver.for('/rotated').length === 1);
    const [req] = receiver.for('/rotated');
    expect(String(req.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(String(req.headers['x-dispatch-signature']).match(/v1=/g)).toHaveLength(2);
    for (const secret of [current, old]) {
      expect(() => new Webhook(secret).verify(req.body, req.headers as Record<string, string>)).not.toThrow();
      expect(verifyDispatch(String(req.headers['x-dispatch-signature']), req.body, secret)).toBe(true);
    }

    const byKey = await gql(server.url, ProjectSigningSecretDocument, { id: user.projectId }, { apiKey: user.apiKey });
    expect(byKey.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(byKey)).not.toContain(current);
    const rotateByKey = await gql(server.url, RotateSigningSecretDocument, { projectId: user.projectId }, { apiKey: user.apiKey });
    expect(rotateByKey.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const stranger = await signUp(server.url);
    const foreign = await gql(server.url, RotateSigningSecretDocument, { projectId: user.projectId }, { token: stranger.token });
    expect(foreign.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await gqlOk(server.url, ProjectSummaryDocument, { id: user.projectId }, { apiKey: user.apiKey })).project?.id).toBe(user.projectId);
  });
});

describe('address guard', () => {
  let server: TestApp;
  beforeAll(async () => {
    server = await startTestApp({ ALLOW_PRIVATE_TARGETS: 'false' });
  });
  afterAll(async () => server?.stop());

  it.each([
    'http://127.0.0.1/hook', 'http://127.1/hook', 'http://2130706433/hook', 'http://0x7f.1/hook', 'http://[::1]/hook',
    'http://[::ffff:127.0.0.1]/hook', 'http://[::]/hook', 'http://169.254.169.254/latest/meta-data', 'http://10.0.0.5/hook',
    'http://localhost/hook', 'http://100.64.0.1/', 'http://[fd00:ec2::254]/',
  ])('refuses %s at schedule time with a 400 naming the reason', async (webhookUrl) => {
    const user = await signUp(server.url);
    const res = await rest(server.url, 'POST', '/api/v1/jobs', { body: { title: 't', webhookUrl, fireAt: inMs(60_000) }, credentials: { apiKey: user.apiKey } });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^webhookUrl is not allowed: /);
  });

  it('blocks at connect time too: an attempt to a private address is logged as blocked and nothing is sent', async () => {
    const user = await signUp(server.url);
    const db = new pg.Client({ connectionString: server.databaseUrl });
    await db.connect();
    const id = randomUUID();
    // Written straight to the table, as if the address had changed since scheduling (DNS rebinding).
    await db.query(
      `insert into jobs (id, project_id, title, webhook_url, payload, fire_at, status, next_attempt_at, created_at, updated_at)
       values ($1, $2, 'rebound', $3, '{}', now() + interval '200 milliseconds', 'SCHEDULED', now() + interval '200 milliseconds', now(), now())`,
      [id, user.projectId, receiver.on('/must-not-arrive')],
    );
    await db.end();
    const deadline = Date.now() + 15_000;
    let job: any;
    do {
      await new Promise((r) => setTimeout(r, 200));
      job = (await gqlOk(server.url, JobDocument, { id }, { token: user.token })).job;
    } while (job?.status !== 'DEAD' && Date.now() < deadline);
    expect(job.status).toBe('DEAD');
    expect(job.logs[0].error).toMatch(/^blocked address: /);
    expect(job.logs[0].responseCode).toBeNull();
    expect(receiver.for('/must-not-arrive')).toHaveLength(0);
  });
});

describe('idempotency keys', () => {
  let server: TestApp;
  beforeAll(async () => {
    server = await startTestApp();
  });
  afterAll(async () => server?.stop());
  const body = () => ({ title: 'once', webhookUrl: 'https://example.com/hook', fireAt: '2099-01-01T00:00:00Z', payload: { a: 1 } });

  it('same key and body → the original job (201); a different body → 422; both header spellings', async () => {
    const user = await signUp(server.url);
    const post = (headers: Record<string, string>, b: object = body()) =>
      rest(server.url, 'POST', '/api/v1/jobs', { body: b, credentials: { apiKey: user.apiKey }, headers });
    const first = await post({ 'Idempotency-Key': 'order-42' });
    const again = await post({ 'Idempotency-Key': 'order-42' });
    const alias = await post({ 'X-Idempotency-Key': 'order-42' });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.data.id).toBe(first.body.data.id);
    expect(alias.body.data.id).toBe(first.body.data.id);
    const conflict = await post({ 'Idempotency-Key': 'order-42' }, { ...body(), title: 'twice' });
    expect(conflict.status).toBe(422);
    expect(conflict.body).toEqual({ status: false, message: 'Idempotency key was already used with a different request', data: null });
    const list = await rest(server.url, 'GET', '/api/v1/jobs', { credentials: { token: user.token } });
    expect(list.body.data.pagination.total).toBe(1);
  });

  it('concurrent duplicates create one job; keys are scoped per project', async () => {
    const user = await signUp(server.url);
    const other = await signUp(server.url);
    const results = await Promise.all(Array.from({ length: 12 }, () =>
      rest(server.url, 'POST', '/api/v1/jobs', { body: body(), credentials: { apiKey: user.apiKey }, headers: { 'Idempotency-Key': 'burst' } })));
    expect(results.every((r) => r.status === 201)).toBe(true);
    expect(new Set(results.map((r) => r.body.data.id)).size).toBe(1);
    const elsewhere = await rest(server.url, 'POST', '/api/v1/jobs', { body: body(), credentials: { apiKey: other.apiKey }, headers: { 'Idempotency-Key': 'burst' } });
    expect(elsewhere.status).toBe(201);
    expect(elsewhere.body.data.id).not.toBe(results[0].body.data.id);
  });

  it('a replay after the original fireAt has passed still returns the original job, as it is now', async () => {
    const user = await signUp(server.url);
    const once = { title: 'soon', webhookUrl: receiver.on('/idempotent-soon'), fireAt: inMs(300) };
    const post = () => rest(server.url, 'POST', '/api/v1/jobs', { body: once, credentials: { apiKey: user.apiKey }, headers: { 'Idempotency-Key': 'soon-1' } });
    const first = await post();
    await receiver.waitFor(() => receiver.for('/idempotent-soon').length === 1);
    let again = await post();
    while (again.body.data.status !== 'SUCCESS') {
      await new Promise((r) => setTimeout(r, 25));
      again = await post();
    }
    expect(again.status).toBe(201);
    expect(again.body.data.id).toBe(first.body.data.id);
    expect(receiver.for('/idempotent-soon')).toHaveLength(1);
  });

  it('GraphQL idempotencyKey: replay returns the original, a different input is IDEMPOTENCY_CONFLICT', async () => {
    const user = await signUp(server.url);
    const input = { title: 'g', webhookUrl: 'https://example.com/g', fireAt: '2099-01-01T00:00:00Z', idempotencyKey: 'gql-1' };
    const a = await gqlOk(server.url, ScheduleJobDocument, { input }, { apiKey: user.apiKey });
    const b = await gqlOk(server.url, ScheduleJobDocument, { input }, { apiKey: user.apiKey });
    expect(b.scheduleJob.id).toBe(a.scheduleJob.id);
    const c = await gql(server.url, ScheduleJobDocument, { input: { ...input, title: 'other' } }, { apiKey: user.apiKey });
    expect(c.errors?.[0].extensions?.code).toBe('IDEMPOTENCY_CONFLICT');
  });
});

describe('rate limits', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let one: TestApp;
  let two: TestApp;
  const env = { RATE_LIMIT_SCHEDULE_PER_MINUTE: '4', RATE_LIMIT_READ_PER_MINUTE: '3', RATE_LIMIT_AUTH_PER_MINUTE: '6' };
  beforeAll(async () => {
    database = await createTestDatabase();
    one = await startTestApp(env, { databaseUrl: database.url });
    two = await startTestApp(env, { databaseUrl: database.url });
  });
  afterAll(async () => {
    await one?.stop();
    await two?.stop();
    await database?.dispose();
  });

  it('counts scheduling per project across instances and answers 429 with Retry-After and RateLimit headers', async () => {
    await awayFromMinuteBoundary();
    const user = await signUp(one.url);
    const post = (server: TestApp) => rest(server.url, 'POST', '/api/v1/jobs', {
      body: { title: 't', webhookUrl: 'https://example.com/x', fireAt: '2099-01-01T00:00:00Z' }, credentials: { apiKey: user.apiKey },
    });
    const first = await post(one);
    expect(first.headers['ratelimit-policy']).toBe('"schedule";q=4;w=60');
    expect(first.headers['ratelimit']).toMatch(/^"schedule";r=3;t=\d+$/);
    await post(two);
    await post(one);
    await post(two);
    const limited = await post(one);
    expect(limited.status).toBe(429);
    expect(limited.body.status).toBe(false);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.headers['ratelimit']).toMatch(/^"schedule";r=0;t=\d+$/);
  });

  it('limits reads per user, and register/login per client IP (GraphQL answers 429 too)', async () => {
    await awayFromMinuteBoundary();
    const user = await signUp(one.url); // one register
    for (let i = 0; i < 3; i++) expect((await rest(one.url, 'GET', '/api/v1/jobs', { credentials: { token: user.token } })).status).toBe(200);
    expect((await rest(two.url, 'GET', '/api/v1/jobs', { credentials: { token: user.token } })).status).toBe(429);
    const login = `mutation { login(email: "${user.email}", password: "wrong password") { token } }`;
    let last: Awaited<ReturnType<typeof rawGql>> | undefined;
    for (let i = 0; i < 8; i++) last = await rawGql(i % 2 ? one.url : two.url, login, {});
    expect(last!.status).toBe(429);
    expect(last!.body.errors[0].extensions.code).toBe('RATE_LIMITED');
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('rate limits under load', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let one: TestApp;
  let two: TestApp;
  const env = { RATE_LIMIT_SCHEDULE_PER_MINUTE: '600' };
  beforeAll(async () => {
    database = await createTestDatabase();
    [one, two] = await Promise.all([startTestApp(env, { databaseUrl: database.url }), startTestApp(env, { databaseUrl: database.url })]);
  });
  afterAll(async () => {
    await Promise.all([one?.stop(), two?.stop()]);
    await database?.dispose();
  });

  const cancelAll = async (servers: TestApp[], apiKey: string, count: number) => {
    const answers: number[] = [];
    for (let i = 0; i < count; i++) {
      answers.push((await rest(servers[i % servers.length].url, 'DELETE', `/api/v1/jobs/${randomUUID()}`, { credentials: { apiKey } })).status);
    }
    return answers;
  };
  const sharedCount = async (projectId: string) => {
    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    const { rows } = await db.query(`select count from rate_limits where bucket = $1`, [`schedule:${projectId}`]);
    await db.end();
    return rows[0].count;
  };

  it('counts a busy bucket in memory yet refuses exactly past the limit', async () => {
    await awayFromMinuteBoundary();
    const user = await signUp(one.url);
    const answers = await cancelAll([one], user.apiKey, 620);
    expect(answers.slice(0, 600).every((status) => status === 404)).toBe(true);
    expect(answers.slice(600).every((status) => status === 429)).toBe(true);
    await new Promise((r) => setTimeout(r, RATE_SYNC_MS * 2));
    // Every request, those counted in memory included, reached the shared count (refused ones count too).
    expect(await sharedCount(user.projectId)).toBe(620);
  }, 60_000);

  it('shares one budget between instances, overshooting by at most what the other instance has not reported', async () => {
    await awayFromMinuteBoundary();
    const user = await signUp(one.url);
    const answers = await cancelAll([one, two], user.apiKey, 800);
    const allowed = answers.filter((status) => status === 404).length;
    expect(allowed).toBeGreaterThanOrEqual(600);
    expect(allowed).toBeLessThanOrEqual(600 + MAX_UNSYNCED);
    expect(answers.slice(600 + MAX_UNSYNCED).every((status) => status === 429)).toBe(true);
    await new Promise((r) => setTimeout(r, RATE_SYNC_MS * 2));
    expect(await sharedCount(user.projectId)).toBe(800);
  }, 60_000);
});

describe('GraphQL hardening', () => {
  let server: TestApp;
  let production: TestApp;
  beforeAll(async () => {
    server = await startTestApp();
    production = await startTestApp({ NODE_ENV: 'production' });
  });
  afterAll(async () => {
    await server?.stop();
    await production?.stop();
  });

  it('rejects documents that are too deep or use too many aliases', async () => {
    const user = await signUp(server.url);
    const deep = '{ jobs { jobs { project { apiKeys { id } } } } }';
    expect((await rawGql(server.url, deep, {}, { authorization: `Bearer ${user.token}` })).body.errors).toBeUndefined();
    const tooDeep = '{ __type(name: "Job") { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } }';
    expect(JSON.stringify((await rawGql(server.url, tooDeep, {})).body.errors)).toMatch(/depth/i);
    const aliases = `{ ${Array.from({ length: 20 }, (_, i) => `a${i}: me { id }`).join(' ')} }`;
    expect(JSON.stringify((await rawGql(server.url, aliases, {})).body.errors)).toMatch(/alias/i);
  });

  it('turns off introspection and field suggestions in production', async () => {
    expect((await rawGql(server.url, '{ __schema { queryType { name } } }', {})).body.data.__schema.queryType.name).toBe('Query');
    expect((await rawGql(production.url, '{ __schema { queryType { name } } }', {})).body.errors).toBeDefined();
    expect(JSON.stringify((await rawGql(server.url, '{ jbos { pagination { total } } }', {})).body)).toMatch(/Did you mean/);
    expect(JSON.stringify((await rawGql(production.url, '{ jbos { pagination { total } } }', {})).body)).not.toMatch(/Did you mean/);
  });

  it('hides enum-value, argument and type suggestions over HTTP in production', async () => {
    const user = await signUp(production.url);
    const auth = { authorization: `Bearer ${user.token}` };
    const cases: Array<[string, object]> = [
      ['{ jobs(status: SCHEDULD) { pagination { total } } }', {}],
      ['query ($s: JobStatus) { jobs(status: $s) { pagination { total } } }', { s: 'SCHEDULD' }],
      ['{ jobs(statuss: SCHEDULED) { pagination { total } } }', {}],
      ['query ($s: JobStatuss) { jobs(status: $s) { pagination { total } } }', {}],
    ];
    for (const [query, variables] of cases) {
      const dev = JSON.stringify((await rawGql(server.url, query, variables, auth)).body);
      expect(dev).toMatch(/Did you mean/);
      const prod = (await rawGql(production.url, query, variables, auth)).body;
      expect(prod.errors?.length).toBeGreaterThan(0);
      expect(JSON.stringify(prod)).not.toMatch(/Did you mean|SCHEDULED"|JobStatus"\?/);
    }
  });

  it('validates and masks over the WebSocket as over HTTP in production', async () => {
    const tokens = new Map([server.url, production.url].map((url) => [url, signUp(url).then((user) => user.token)]));
    const ask = async (url: string, query: string) => {
      const sub = subscribe(url, parse(query), {}, { authorization: `Bearer ${await tokens.get(url)}` });
      await sub.connected;
      const deadline = Date.now() + 5_000;
      while (sub.errors.length === 0 && sub.events.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      await sub.dispose();
      // Plain text of every error message and event, so that quotes need no escaping.
      return [...sub.errors.flat().map((error) => (error as { message?: string }).message ?? String(error)), JSON.stringify(sub.events)].join('\n');
    };
    const misspelledField = 'subscription { jobStatusChanged { statuss } }';
    expect(await ask(server.url, misspelledField)).toMatch(/Did you mean "status"/);
    const hidden = await ask(production.url, misspelledField);
    expect(hidden).toMatch(/Cannot query field "statuss"/);
    expect(hidden).not.toMatch(/Did you mean/);
    expect(await ask(production.url, 'subscription { jobStatusChanged(projectId: 1, statuss: SCHEDULD) { status } }')).not.toMatch(/Did you mean/);
    // graphql-ws runs queries too: introspection stays closed there as over HTTP.
    expect(await ask(server.url, '{ __schema { queryType { name } } }')).toMatch(/"Query"/);
    expect(await ask(production.url, '{ __schema { queryType { name } } }')).toMatch(/introspection/i);
  });

  it('blocks simple cross-site requests (CSRF prevention)', async () => {
    const { request } = await import('undici');
    const res = await request(`${server.url}/graphql?query=${encodeURIComponent('{ me { id } }')}`, { method: 'GET' });
    expect(res.statusCode).toBe(400);
    await res.body.text();
  });
});

describe('requests, faults and logs', () => {
  let server: TestApp;
  let log = '';
  beforeAll(async () => {
    server = await startTestApp({}, { logTo: { write: (line: string) => void (log += line) } });
  });
  afterAll(async () => server?.stop());

  const valid = { title: 't', webhookUrl: 'https://example.com/hook', fireAt: '2099-01-01T00:00:00Z' };
  /** Each change to a valid job is refused with this message naming this field, over REST and GraphQL. */
  async function expectRefused(apiKey: string, cases: ReadonlyArray<readonly [Record<string, unknown>, string, string]>) {
    for (const [change, field, message] of cases) {
      const res = await rest(server.url, 'POST', '/api/v1/jobs', { body: { ...valid, ...change }, credentials: { apiKey } });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ status: false, message, data: null });
      const viaGraphql = await gql(server.url, ScheduleJobDocument, { input: { ...valid, ...change } }, { apiKey });
      expect(viaGraphql.errors?.[0]).toMatchObject({ message, extensions: { code: 'BAD_USER_INPUT', field } });
    }
  }

  it('answers over-long fields with a 400 naming the field, over REST and GraphQL', async () => {
    const user = await signUp(server.url);
    const cases = [
      [{ title: 'x'.repeat(501) }, 'title', 'title must be at most 500 characters'],
      [{ webhookUrl: `https://example.com/${'a'.repeat(2_030)}` }, 'webhookUrl', 'webhookUrl must be at most 2048 characters'],
      [{ payload: { blob: 'x'.repeat(300_000) } }, 'payload', 'payload must be at most 256 KiB of JSON'],
    ] as const;
    await expectRefused(user.apiKey, cases);
  });

  it('refuses NUL characters, which PostgreSQL cannot store, with a 400 naming the field', async () => {
    const user = await signUp(server.url);
    const cases = [
      [{ title: 'a\u0000b' }, 'title', 'title must not contain NUL (U+0000) characters'],
      [{ webhookUrl: 'https://example.com/\u0000' }, 'webhookUrl', 'webhookUrl must not contain NUL (U+0000) characters'],
      [{ payload: { nested: [{ text: 'a\u0000b' }] } }, 'payload', 'payload must not contain NUL (U+0000) characters in its keys or strings'],
      [{ payload: { 'key\u0000': 1 } }, 'payload', 'payload must not contain NUL (U+0000) characters in its keys or strings'],
    ] as const;
    await expectRefused(user.apiKey, cases);
    // A literal backslash-u-0000 is just text.
    expect((await rest(server.url, 'POST', '/api/v1/jobs', { body: { ...valid, payload: { text: '\\u0000' } }, credentials: { apiKey: user.apiKey } })).status).toBe(201);
    const project = await rawGql(server.url, 'mutation($name: String!) { createProject(name: $name) { id } }', { name: 'p\u0000' }, { authorization: `Bearer ${user.token}` });
    expect(project.body.errors?.[0]).toMatchObject({ message: 'name must not contain NUL (U+0000) characters', extensions: { code: 'BAD_USER_INPUT' } });
    const register = await rawGql(server.url, 'mutation($email: String!) { register(email: $email, password: "long enough pw") { token } }', { email: 'a\u0000@example.com' });
    expect(register.body.errors?.[0]).toMatchObject({ message: 'email must be a valid email address' });
  });

  it('masks a real fault as a generic 500 / INTERNAL_SERVER_ERROR and logs its stack with the request id', async () => {
    const user = await signUp(server.url);
    const db = new pg.Client({ connectionString: server.databaseUrl });
    await db.connect();
    // A fault no input can cause: the table the query needs is gone.
    await db.query('alter table jobs rename to jobs_elsewhere');
    try {
      const viaRest = await rest(server.url, 'GET', '/api/v1/jobs', { credentials: { token: user.token }, headers: { 'x-request-id': 'fault-rest-1' } });
      expect(viaRest.status).toBe(500);
      expect(viaRest.body).toEqual({ status: false, message: 'Internal server error', data: null });
      const viaGraphql = await rawGql(server.url, '{ jobs { pagination { total } } }', {}, { authorization: `Bearer ${user.token}`, 'x-request-id': 'fault-gql-1' });
      expect(viaGraphql.body.errors).toEqual([expect.objectContaining({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } })]);
      expect(JSON.stringify(viaGraphql.body)).not.toMatch(/jobs_elsewhere|relation|select/i);
    } finally {
      await db.query('alter table jobs_elsewhere rename to jobs');
      await db.end();
    }
    const lines = log.trim().split('\n').map((line) => JSON.parse(line));
    for (const requestId of ['fault-rest-1', 'fault-gql-1']) {
      const line = lines.find((l) => l.requestId === requestId && l.level >= 50);
      expect(line?.err?.stack).toMatch(/relation "jobs" does not exist/);
    }
  });

  it('never writes keys, tokens, passwords or signing secrets to the log', async () => {
    const user = await signUp(server.url);
    const secret = (await gqlOk(server.url, ProjectSigningSecretDocument, { id: user.projectId }, { token: user.token })).project!.signingSecret!;
    await rest(server.url, 'POST', '/api/v1/jobs', { body: '{"broken', credentials: { apiKey: user.apiKey } });
    await rawGql(server.url, '{ nope }', {}, { authorization: `Bearer ${user.token}`, 'x-api-key': user.apiKey });
    expect(log.length).toBeGreaterThan(0);
    for (const value of [user.apiKey, user.token, user.password, secret]) expect(log).not.toContain(value);
  });
});
