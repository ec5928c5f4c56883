/**
 * The behaviours REST and GraphQL share, run once over each transport: scheduling and its
 * validation, auth, cancel, list and get. Errors are compared as GraphQL codes; REST
 * statuses are mapped onto them (400 BAD_USER_INPUT, 401 UNAUTHENTICATED, 404 NOT_FOUND).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CancelJobDocument, JobDocument, JobsDocument, ScheduleJobDocument, type JobStatus } from '../generated/graphql.js';
import { startTestApp, signUp, inMs, type TestApp } from '../helpers/app.js';
import { gql, rest, type Credentials } from '../helpers/clients.js';

type Outcome = { ok: true; data: any } | { ok: false; code: string; message: string };
interface User {
  token: string;
  apiKey: string;
  projectId: string;
}
interface Transport {
  schedule(user: User, input: Record<string, unknown>, credentials?: Credentials): Promise<Outcome>;
  cancel(user: User, id: string): Promise<Outcome>;
  list(user: User, query: Record<string, unknown>): Promise<Outcome>;
  get(user: User, id: string): Promise<Outcome>;
}

const REST_CODES: Record<number, string> = { 400: 'BAD_USER_INPUT', 401: 'UNAUTHENTICATED', 404: 'NOT_FOUND' };

function restTransport(url: () => string): Transport {
  const outcome = (res: Awaited<ReturnType<typeof rest>>, okStatus: number): Outcome => {
    expect(Object.keys(res.body)).toEqual(['status', 'message', 'data']);
    if (res.status === okStatus) return { ok: true, data: res.body.data };
    expect(res.body.status).toBe(false);
    expect(res.body.data).toBeNull();
    return { ok: false, code: REST_CODES[res.status] ?? `HTTP ${res.status}`, message: res.body.message };
  };
  return {
    schedule: async (user, input, credentials = { apiKey: user.apiKey }) =>
      outcome(await rest(url(), 'POST', '/api/v1/jobs', { body: input, credentials }), 201),
    cancel: async (user, id) => outcome(await rest(url(), 'DELETE', `/api/v1/jobs/${id}`, { credentials: { apiKey: user.apiKey } }), 200),
    list: async (user, query) => {
      const qs = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString();
      const result = outcome(await rest(url(), 'GET', `/api/v1/jobs${qs ? `?${qs}` : ''}`, { credentials: { token: user.token } }), 200);
      return result;
    },
    get: async (user, id) => outcome(await rest(url(), 'GET', `/api/v1/jobs/${id}`, { credentials: { token: user.token } }), 200),
  };
}

function graphqlTransport(url: () => string): Transport {
  const outcome = (result: Awaited<ReturnType<typeof gql>>, pick: (data: any) => any): Outcome => {
    const error = result.errors?.[0];
    if (error) return { ok: false, code: error.extensions?.code ?? 'NONE', message: error.message };
    const data = pick(result.data);
    return data === null ? { ok: false, code: 'NOT_FOUND', message: 'null' } : { ok: true, data };
  };
  return {
    schedule: async (user, input, credentials = { apiKey: user.apiKey }) =>
      outcome(await gql(url(), ScheduleJobDocument, { input: input as never }, credentials), (d) => d.scheduleJob),
    cancel: async (user, id) => outcome(await gql(url(), CancelJobDocument, { id }, { apiKey: user.apiKey }), (d) => d.cancelJob),
    list: async (user, query) =>
      outcome(
        await gql(url(), JobsDocument, { ...query, status: query.status as JobStatus | undefined } as never, { token: user.token }),
        (d) => d.jobs,
      ),
    get: async (user, id) => outcome(await gql(url(), JobDocument, { id }, { token: user.token }), (d) => d.job),
  };
}

let server: TestApp;
beforeAll(async () => {
  server = await startTestApp();
});
afterAll(async () => server?.stop());

describe.each([
  ['REST', restTransport(() => server.url)],
  ['GraphQL', graphqlTransport(() => server.url)],
])('%s', (_name, t) => {
  let alice: User;
  let bob: User;
  const valid = () => ({ title: 'Trial expiry reminder', webhookUrl: 'https://example.com/hooks/trial', fireAt: inMs(3_600_000), payload: { userId: 'usr_812' } });

  beforeAll(async () => {
    alice = await signUp(server.url);
    bob = await signUp(server.url);
  });

  it('schedules a job and returns the job object', async () => {
    const input = valid();
    const result = await t.schedule(alice, input);
    expect(result.ok).toBe(true);
    const job = (result as { data: any }).data;
    expect(job).toMatchObject({
      projectId: alice.projectId, title: input.title, webhookUrl: input.webhookUrl, payload: input.payload,
      fireAt: input.fireAt, status: 'SCHEDULED', retryCount: 0,
    });
    expect(job.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(job.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(job.updatedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('normalises fireAt to milliseconds and defaults payload to {}', async () => {
    const fireAt = new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const result = await t.schedule(alice, { title: 'x', webhookUrl: 'http://example.com/', fireAt });
    expect(result).toMatchObject({ ok: true, data: { payload: {}, fireAt: fireAt.replace('Z', '.000Z') } });
  });

  it.each([
    ['title missing', { title: undefined }, 'title'],
    ['title empty', { title: '   ' }, 'title'],
    ['title not a string', { title: 42 }, 'title'],
    ['webhookUrl missing', { webhookUrl: undefined }, 'webhookUrl'],
    ['webhookUrl not a URL', { webhookUrl: 'not a url' }, 'webhookUrl'],
    ['webhookUrl relative', { webhookUrl: '/hooks/x' }, 'webhookUrl'],
    ['webhookUrl ftp scheme', { webhookUrl: 'ftp://example.com/x' }, 'webhookUrl'],
    ['webhookUrl javascript scheme', { webhookUrl: 'javascript:alert(1)' }, 'webhookUrl'],
    ['fireAt missing', { fireAt: undefined }, 'fireAt'],
    ['fireAt with +05:30 offset', { fireAt: '2099-06-13T09:30:00+05:30' }, 'fireAt'],
    ['fireAt without Z', { fireAt: '2099-06-13T09:30:00' }, 'fireAt'],
    ['fireAt date only', { fireAt: '2099-06-13' }, 'fireAt'],
    ['fireAt impossible date', { fireAt: '2099-02-30T09:30:00Z' }, 'fireAt'],
    ['fireAt in the past', { fireAt: '2020-01-01T00:00:00Z' }, 'fireAt'],
    ['fireAt now-ish (not strictly future)', { fireAt: new Date(Date.now() - 1).toISOString() }, 'fireAt'],
    ['payload an array', { payload: [1, 2] }, 'payload'],
    ['payload a string', { payload: 'hello' }, 'payload'],
    ['payload a number', { payload: 7 }, 'payload'],
  ])('rejects %s with a 400 naming the field', async (_case, patch, field) => {
    const input: Record<string, unknown> = { ...valid(), ...patch };
    for (const key of Object.keys(patch)) if ((patch as Record<string, unknown>)[key] === undefined) delete input[key];
    const result = await t.schedule(alice, input);
    expect(result.ok).toBe(false);
    expect(result).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect((result as { message: string }).message).toContain(field);
  });

  it('rejects scheduling without credentials or with a bad or revoked-looking key', async () => {
    expect(await t.schedule(alice, valid(), {})).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
    expect(await t.schedule(alice, valid(), { apiKey: `sk_${'0'.repeat(64)}` })).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
    expect(await t.schedule(alice, valid(), { apiKey: 'nonsense' })).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
  });

  it('cancels a scheduled job once; a second cancel is a 400 and changes nothing', async () => {
    const { data: job } = (await t.schedule(alice, valid())) as { data: any };
    expect((await t.cancel(alice, job.id)).ok).toBe(true);
    const again = await t.cancel(alice, job.id);
    expect(again).toEqual({ ok: false, code: 'BAD_USER_INPUT', message: 'Only scheduled jobs can be cancelled' });
    expect(await t.get(alice, job.id)).toMatchObject({ ok: true, data: { status: 'CANCELLED' } });
  });

  it('answers 404 for unknown, malformed and other projects’ job ids', async () => {
    const { data: job } = (await t.schedule(alice, valid())) as { data: any };
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid', job.id]) {
      expect(await t.cancel(bob, id)).toMatchObject({ ok: false, code: 'NOT_FOUND' });
      expect(await t.get(bob, id)).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    }
    expect(await t.get(alice, job.id)).toMatchObject({ ok: true, data: { status: 'SCHEDULED' } });
  });

  it('lists newest first with pagination and filters, only the caller’s jobs', async () => {
    const carol = await signUp(server.url);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(((await t.schedule(carol, { ...valid(), title: `job ${i}` })) as { data: any }).data.id);
    await t.cancel(carol, ids[1]);
    const page1 = (await t.list(carol, { limit: 2 })) as { data: any };
    expect(page1.data.pagination).toEqual({ total: 5, page: 1, limit: 2, totalPages: 3 });
    expect(page1.data.jobs.map((j: any) => j.id)).toEqual([ids[4], ids[3]]);
    expect(page1.data.jobs[0].project).toEqual({ id: carol.projectId, name: 'production' });
    const page3 = (await t.list(carol, { limit: 2, page: 3 })) as { data: any };
    expect(page3.data.jobs.map((j: any) => j.id)).toEqual([ids[0]]);
    const cancelled = (await t.list(carol, { status: 'CANCELLED' })) as { data: any };
    expect(cancelled.data.jobs.map((j: any) => j.id)).toEqual([ids[1]]);
    const byProject = (await t.list(carol, { projectId: carol.projectId })) as { data: any };
    expect(byProject.data.pagination.total).toBe(5);
    const othersProject = (await t.list(carol, { projectId: alice.projectId })) as { data: any };
    expect(othersProject.data.pagination.total).toBe(0);
  });

  it.each([[{ limit: 0 }], [{ limit: 101 }], [{ page: 0 }]])('rejects list bounds %j', async (query) => {
    const result = await t.list(alice, query);
    expect(result).toMatchObject({ ok: false, code: 'BAD_USER_INPUT' });
    expect((result as { message: string }).message).toContain(Object.keys(query)[0]);
  });

  it('gets one job with its project and an empty log', async () => {
    const { data: job } = (await t.schedule(alice, valid())) as { data: any };
    const result = (await t.get(alice, job.id)) as { data: any };
    expect(result.data).toMatchObject({ id: job.id, project: { id: alice.projectId, name: 'production' }, logs: [] });
  });
});
