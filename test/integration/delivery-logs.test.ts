/**
 * Delivery log queries over REST and GraphQL against a real receiver: a project's logs
 * newest first, by outcome and time, paged by cursor; one job's logs; and their tenancy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, startTestApp, type TestApp } from '../helpers/app.js';
import { gqlText, rest } from '../helpers/clients.js';
import { until } from '../helpers/jobs.js';
import { Receiver, respond } from '../helpers/receiver.js';

let server: TestApp;
let receiver: Receiver;
let user: Awaited<ReturnType<typeof signUp>>;
const ids: string[] = [];
let startedAt = 0;

const DELIVERY_LOGS = `query($projectId: ID, $jobId: ID, $status: String, $since: DateTime, $until: DateTime, $first: Int, $after: String) {
  deliveryLogs(projectId: $projectId, jobId: $jobId, status: $status, since: $since, until: $until, first: $first, after: $after) {
    edges { cursor node { id jobId jobTitle attempt status responseCode firedAt error } } pageInfo { hasNextPage endCursor }
  }
}`;

beforeAll(async () => {
  server = await startTestApp({ MAX_ATTEMPTS: '2', RETRY_DELAYS: '100ms' });
  receiver = await new Receiver().start();
  user = await signUp(server.url);
  startedAt = Date.now();
  // 12 jobs that succeed at once, 4 that fail twice (DEAD): 20 attempts.
  const ok = receiver.on('/ok');
  const failing = receiver.on('/failing', respond(500, 'nope'));
  for (let i = 0; i < 16; i++) {
    const res = await rest(server.url, 'POST', '/api/v1/jobs', { body: { title: `log job ${i}`, webhookUrl: i < 12 ? ok : failing, delay: `${100 + i * 20}ms` }, credentials: { apiKey: user.apiKey } });
    ids.push(res.body.data.id);
  }
  await until('every job finished', async () => {
    const res = await rest(server.url, 'GET', '/api/v1/logs?limit=100', { credentials: { token: user.token } });
    return res.body.data.logs.length === 20;
  }, 20_000);
});
afterAll(async () => {
  await server?.stop();
  await receiver?.stop();
});

describe('project logs', () => {
  it('REST: newest first, each with its job’s id and title, paged by cursor with no gap or repeat', async () => {
    const seen: Array<{ id: string; firedAt: string }> = [];
    let cursor = '';
    for (;;) {
      const res = await rest(server.url, 'GET', `/api/v1/logs?limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { credentials: { token: user.token } });
      expect(res.status).toBe(200);
      expect(res.body.message).toBe('Logs fetched successfully');
      expect(Object.keys(res.body.data)).toEqual(['logs', 'nextCursor']);
      seen.push(...res.body.data.logs);
      if (!res.body.data.nextCursor) break;
      cursor = res.body.data.nextCursor;
    }
    expect(seen).toHaveLength(20);
    expect(new Set(seen.map((l) => l.id)).size).toBe(20);
    const times = seen.map((l) => Date.parse(l.firedAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(Object.keys(seen[0])).toEqual(['id', 'jobId', 'jobTitle', 'attempt', 'status', 'responseCode', 'responseBody', 'firedAt', 'durationMs', 'error']);
    expect(ids).toContain((seen[0] as unknown as { jobId: string }).jobId);
  });

  it('filters by outcome and time, over REST and GraphQL', async () => {
    const failed = await rest(server.url, 'GET', '/api/v1/logs?status=FAILED&limit=100', { credentials: { token: user.token } });
    expect(failed.body.data.logs).toHaveLength(8);
    expect(failed.body.data.logs.every((l: { status: string; responseCode: number }) => l.status === 'FAILED' && l.responseCode === 500)).toBe(true);
    const { data } = await gqlText(server.url, DELIVERY_LOGS, { projectId: user.projectId, status: 'SUCCESS', first: 100 }, { token: user.token });
    expect(data.deliveryLogs.edges).toHaveLength(12);
    expect(data.deliveryLogs.edges[0].node.jobTitle).toMatch(/^log job/);
    const none = await gqlText(server.url, DELIVERY_LOGS, { until: new Date(startedAt).toISOString() }, { token: user.token });
    expect(none.data.deliveryLogs).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
    const since = await gqlText(server.url, DELIVERY_LOGS, { since: new Date(startedAt).toISOString(), first: 100 }, { token: user.token });
    expect(since.data.deliveryLogs.edges).toHaveLength(20);
    expect((await rest(server.url, 'GET', '/api/v1/logs?status=MAYBE', { credentials: { token: user.token } })).body.message).toBe('status must be SUCCESS or FAILED');
    expect((await rest(server.url, 'GET', '/api/v1/logs?since=yesterday', { credentials: { token: user.token } })).status).toBe(400);
  });

  it('pages GraphQL by after, and refuses a cursor of another query', async () => {
    const first = await gqlText(server.url, DELIVERY_LOGS, { first: 15 }, { token: user.token });
    expect(first.data.deliveryLogs.pageInfo.hasNextPage).toBe(true);
    const next = await gqlText(server.url, DELIVERY_LOGS, { first: 15, after: first.data.deliveryLogs.pageInfo.endCursor }, { token: user.token });
    expect(next.data.deliveryLogs.edges).toHaveLength(5);
    const mixed = await gqlText(server.url, DELIVERY_LOGS, { status: 'FAILED', after: first.data.deliveryLogs.pageInfo.endCursor }, { token: user.token });
    expect(mixed.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});

describe('a job’s logs', () => {
  it('REST /api/v1/jobs/:id/logs and Job.logs(first, after), newest first', async () => {
    const dead = ids[15];
    const res = await rest(server.url, 'GET', `/api/v1/jobs/${dead}/logs?limit=1`, { credentials: { token: user.token } });
    expect(res.body.data.logs.map((l: { attempt: number }) => l.attempt)).toEqual([2]);
    const rest2 = await rest(server.url, 'GET', `/api/v1/jobs/${dead}/logs?limit=1&cursor=${encodeURIComponent(res.body.data.nextCursor)}`, { credentials: { token: user.token } });
    expect(rest2.body.data).toMatchObject({ logs: [{ attempt: 1, jobId: dead }], nextCursor: null });
    const { data } = await gqlText(server.url, 'query($id: ID!) { job(id: $id) { all: logs { attempt cursor } first: logs(first: 1) { attempt cursor } } }', { id: dead }, { token: user.token });
    expect(data.job.all.map((l: { attempt: number }) => l.attempt)).toEqual([2, 1]);
    const after = await gqlText(server.url, 'query($id: ID!, $after: String) { job(id: $id) { logs(first: 5, after: $after) { attempt } } }', { id: dead, after: data.job.first[0].cursor }, { token: user.token });
    expect(after.data.job.logs).toEqual([{ attempt: 1 }]);
    expect((await rest(server.url, 'GET', `/api/v1/jobs/${dead}/logs?limit=101`, { credentials: { token: user.token } })).status).toBe(400);
  });
});

describe('tenancy', () => {
  it('another user sees none of these logs, by project or by job', async () => {
    const stranger = await signUp(server.url);
    const all = await rest(server.url, 'GET', '/api/v1/logs', { credentials: { token: stranger.token } });
    expect(all.body.data.logs).toEqual([]);
    const byProject = await rest(server.url, 'GET', `/api/v1/logs?projectId=${user.projectId}`, { credentials: { token: stranger.token } });
    expect(byProject.body.data.logs).toEqual([]);
    expect((await rest(server.url, 'GET', `/api/v1/jobs/${ids[0]}/logs`, { credentials: { token: stranger.token } })).status).toBe(404);
    const graphql = await gqlText(server.url, DELIVERY_LOGS, { jobId: ids[0] }, { token: stranger.token });
    expect(graphql.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const withKey = await gqlText(server.url, DELIVERY_LOGS, { projectId: user.projectId }, { apiKey: stranger.apiKey });
    expect(withKey.data.deliveryLogs.edges).toEqual([]);
    expect((await rest(server.url, 'GET', '/api/v1/logs')).status).toBe(401);
  });
});
