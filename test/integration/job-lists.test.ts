/**
 * Lists at any size: cursor paging over REST and GraphQL while jobs are being added (no row
 * skipped or repeated), cursors that cannot be forged or carried to another query or
 * caller, filters (status, labels, title search, time ranges), and totals that are exact
 * where promised (from the counters) and say when they are an estimate.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gqlText, rest } from '../helpers/clients.js';
import { signUp, startTestApp, type TestApp } from '../helpers/app.js';
import { until, withDatabase } from '../helpers/jobs.js';
import { COUNT_CAP } from '../../src/domain/jobs/job-list.service.js';

let server: TestApp;
beforeAll(async () => {
  // The counts test fails a hundred replays in a row at one receiver: without a breaker,
  // so they finish at once instead of waiting for its probe.
  server = await startTestApp({ BREAKER_FAILURES: '0' });
});
afterAll(async () => server?.stop());

const JOBS_CONNECTION = `query($filter: JobFilter, $first: Int, $after: String) {
  jobsConnection(filter: $filter, first: $first, after: $after) { edges { cursor node { id title status } } pageInfo { hasNextPage endCursor } totalCount totalIsEstimate }
}`;
const raw = gqlText;

async function batch(apiKey: string, jobs: Array<Record<string, unknown>>): Promise<Array<{ id: string }>> {
  const created: Array<{ id: string }> = [];
  for (let i = 0; i < jobs.length; i += 1_000) {
    const res = await rest(server.url, 'POST', '/api/v1/jobs/batch', { body: { jobs: jobs.slice(i, i + 1_000) }, credentials: { apiKey } });
    expect(res.status).toBe(201);
    created.push(...res.body.data.jobs);
  }
  return created;
}
const job = (title: string, extra: Record<string, unknown> = {}) => ({ title, webhookUrl: 'https://example.com/x', delay: '2h', ...extra });

describe('cursor paging', () => {
  it('REST ?cursor= walks every job exactly once while others are added, in the product’s page shape', async () => {
    const user = await signUp(server.url);
    await batch(user.apiKey, Array.from({ length: 150 }, (_, i) => job(`existing ${i}`)));
    const seen: string[] = [];
    let cursor = '';
    for (let pageNumber = 0; ; pageNumber++) {
      const res = await rest(server.url, 'GET', `/api/v1/jobs?limit=20&cursor=${encodeURIComponent(cursor)}`, { credentials: { token: user.token } });
      expect(res.status).toBe(200);
      expect(Object.keys(res.body.data)).toEqual(['jobs', 'pagination', 'nextCursor']);
      expect(res.body.data.pagination).toMatchObject({ page: null, limit: 20 });
      seen.push(...res.body.data.jobs.map((j: { title: string }) => j.title));
      // Jobs added meanwhile are newer than every page read so far: they never show up later on.
      await batch(user.apiKey, [job(`added during page ${pageNumber}`)]);
      if (!res.body.data.nextCursor) break;
      cursor = res.body.data.nextCursor;
    }
    expect(seen).toEqual(Array.from({ length: 150 }, (_, i) => `existing ${149 - i}`));
  });

  it('GraphQL jobsConnection pages the same way, with totalCount', async () => {
    const user = await signUp(server.url);
    await batch(user.apiKey, Array.from({ length: 45 }, (_, i) => job(`c ${i}`)));
    const titles: string[] = [];
    let after: string | null = null;
    do {
      const result: { data?: any } = await raw(server.url, JOBS_CONNECTION, { first: 10, after }, { token: user.token });
      const connection: any = result.data.jobsConnection;
      expect(connection.totalCount).toBe(45);
      expect(connection.totalIsEstimate).toBe(false);
      titles.push(...connection.edges.map((e: any) => e.node.title));
      for (const edge of connection.edges) expect(typeof edge.cursor).toBe('string');
      after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
      if (after) expect(after).toBe(connection.edges.at(-1).cursor);
    } while (after);
    expect(titles).toEqual(Array.from({ length: 45 }, (_, i) => `c ${44 - i}`));
    // The page route without a cursor keeps the product's exact shape.
    const plain = await rest(server.url, 'GET', '/api/v1/jobs?limit=5', { credentials: { token: user.token } });
    expect(Object.keys(plain.body.data)).toEqual(['jobs', 'pagination']);
    expect(plain.body.data.pagination).toEqual({ total: 45, page: 1, limit: 5, totalPages: 9 });
  });

  it('refuses a tampered cursor, one of another query, and one of another caller; never shows another tenant’s jobs', async () => {
    const alice = await signUp(server.url);
    const bob = await signUp(server.url);
    await batch(alice.apiKey, Array.from({ length: 30 }, (_, i) => job(`alice ${i}`, { labels: { k: 'v' } })));
    await batch(bob.apiKey, Array.from({ length: 5 }, (_, i) => job(`bob ${i}`)));
    const first = await rest(server.url, 'GET', '/api/v1/jobs?limit=10&cursor=', { credentials: { token: alice.token } });
    const cursor: string = first.body.data.nextCursor;
    const flipped = cursor.slice(0, 5) + (cursor[5] === 'A' ? 'B' : 'A') + cursor.slice(6);
    for (const [who, path] of [
      [alice, `/api/v1/jobs?limit=10&cursor=${encodeURIComponent(flipped)}`],
      [alice, `/api/v1/jobs?limit=10&cursor=garbage`],
      [alice, `/api/v1/jobs?limit=10&status=SCHEDULED&cursor=${encodeURIComponent(cursor)}`],
      [alice, `/api/v1/jobs?limit=10&label=k:v&cursor=${encodeURIComponent(cursor)}`],
      [bob, `/api/v1/jobs?limit=10&cursor=${encodeURIComponent(cursor)}`],
    ] as const) {
      const res = await rest(server.url, 'GET', path, { credentials: { token: who.token } });
      expect(res.status, path).toBe(400);
      expect(res.body.message).toMatch(/^cursor is not a cursor of this query/);
    }
    const graphql = await raw(server.url, JOBS_CONNECTION, { first: 10, after: cursor }, { token: bob.token });
    expect(graphql.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    // Bob, paging his own, sees only his.
    const own = await raw(server.url, JOBS_CONNECTION, { first: 100 }, { token: bob.token });
    expect((own.data as any).jobsConnection.edges.map((e: any) => e.node.title).sort()).toEqual(['bob 0', 'bob 1', 'bob 2', 'bob 3', 'bob 4']);
    const theirs = await raw(server.url, JOBS_CONNECTION, { first: 100, filter: { projectId: alice.projectId } }, { token: bob.token });
    expect((theirs.data as any).jobsConnection).toMatchObject({ edges: [], totalCount: 0 });
  });
});

describe('filters', () => {
  it('search over titles (case-insensitive, %, _ and \\ taken literally), with status, labels and time ranges', async () => {
    const user = await signUp(server.url);
    await batch(user.apiKey, [
      job('Invoice for ACME'), job('invoice reminder', { labels: { tier: 'gold' } }), job('Receipt'), job('100% done'), job('a_b'), job('axb'),
      job('later invoice', { delay: '48h' }),
    ]);
    const titles = async (qs: string) => (await rest(server.url, 'GET', `/api/v1/jobs?${qs}`, { credentials: { token: user.token } })).body.data.jobs.map((j: { title: string }) => j.title).sort();
    expect(await titles('search=INVOICE')).toEqual(['Invoice for ACME', 'invoice reminder', 'later invoice']);
    expect(await titles('search=invoice&label=tier:gold')).toEqual(['invoice reminder']);
    expect(await titles(`search=${encodeURIComponent('100%')}`)).toEqual(['100% done']);
    expect(await titles('search=a_b')).toEqual(['a_b']);
    expect(await titles(`search=invoice&fireAtFrom=${encodeURIComponent(new Date(Date.now() + 24 * 3_600_000).toISOString())}`)).toEqual(['later invoice']);
    expect(await titles(`createdAtTo=${encodeURIComponent(new Date(Date.now() - 60_000).toISOString())}`)).toEqual([]);
    const { data } = await raw(server.url, JOBS_CONNECTION, { filter: { search: 'receipt', status: 'SCHEDULED' } }, { token: user.token });
    expect((data as any).jobsConnection.edges.map((e: any) => e.node.title)).toEqual(['Receipt']);
    expect((await rest(server.url, 'GET', `/api/v1/jobs?search=${'x'.repeat(201)}`, { credentials: { token: user.token } })).status).toBe(400);
  });

  it('search follows a job whose title is edited, and forgets one that is deleted', async () => {
    const user = await signUp(server.url);
    const [renamed, doomed] = await batch(user.apiKey, [job('draft title'), job('doomed title')]);
    const titles = async (qs: string) => (await rest(server.url, 'GET', `/api/v1/jobs?${qs}`, { credentials: { token: user.token } })).body.data.jobs.map((j: { title: string }) => j.title).sort();
    expect((await rest(server.url, 'PATCH', `/api/v1/jobs/${renamed.id}`, { body: { title: 'final title' }, credentials: { apiKey: user.apiKey } })).status).toBe(200);
    expect(await titles('search=draft')).toEqual([]);
    expect(await titles('search=final')).toEqual(['final title']);
    await withDatabase(server.databaseUrl, (db) => db.query('delete from jobs where id = $1', [doomed.id]));
    const left = await withDatabase(server.databaseUrl, (db) => db.query('select title from job_titles where project_id = $1 order by title', [user.projectId]));
    expect(left.rows.map((row: { title: string }) => row.title)).toEqual(['final title']);
  });
});

describe('counts', () => {
  it('project and status totals come from the counters and stay exact through every kind of change', async () => {
    const user = await signUp(server.url);
    // Port 9 refuses at once: the replays below fail fast.
    await batch(user.apiKey, Array.from({ length: 300 }, (_, i) => job(`n ${i}`, { webhookUrl: 'http://127.0.0.1:9/x', labels: { group: i < 100 ? 'a' : 'b' } })));
    await rest(server.url, 'POST', '/api/v1/jobs/cancel', { body: { labels: { group: 'a' } }, credentials: { apiKey: user.apiKey } });
    await rest(server.url, 'POST', '/api/v1/jobs/replay', { body: { status: 'CANCELLED' }, credentials: { apiKey: user.apiKey } });
    // The replays are due now and fail: wait until every one has finished.
    await until('the replays finished', () => withDatabase(server.databaseUrl, async (db) =>
      (await db.query(`select count(*)::int as n from jobs where project_id = $1 and replay_of is not null and status in ('SCHEDULED', 'FIRING')`, [user.projectId])).rows[0].n === 0), 30_000);
    const fromList = async (status?: string) =>
      (await rest(server.url, 'GET', `/api/v1/jobs?limit=1${status ? `&status=${status}` : ''}`, { credentials: { token: user.token } })).body.data.pagination.total;
    await withDatabase(server.databaseUrl, async (db) => {
      const { rows } = await db.query(`select status, count(*)::int as n from jobs where project_id = $1 group by status`, [user.projectId]);
      const actual = Object.fromEntries(rows.map((r) => [r.status, r.n]));
      expect(await fromList()).toBe(rows.reduce((sum, r) => sum + r.n, 0));
      for (const status of ['SCHEDULED', 'CANCELLED', 'SUCCESS', 'DEAD']) expect(await fromList(status)).toBe(actual[status] ?? 0);
      // The counters agree with a count of the table for every project and status.
      const drift = await db.query(`
        select coalesce(c.project_id, t.project_id) as project, coalesce(c.status, t.status) as status, c.n as counted, t.n as actual
          from (select project_id, status, sum(n)::int as n from job_counts group by 1, 2) c
          full join (select project_id, status, count(*)::int as n from jobs group by 1, 2) t using (project_id, status)
         where coalesce(c.n, 0) <> coalesce(t.n, 0)`);
      expect(drift.rows).toEqual([]);
    });
  });

  it("a title search's total is exact below the cap, counts the caller's projects only, and follows renames", async () => {
    const alice = await signUp(server.url);
    const bob = await signUp(server.url);
    const [first] = await batch(alice.apiKey, [job('apple pie'), job('Apple tart'), job('pear'), job('crab apple')]);
    await batch(bob.apiKey, [job('apple cider'), job('apple juice')]);
    const total = async (qs: string) => (await rest(server.url, 'GET', `/api/v1/jobs?limit=1&${qs}`, { credentials: { token: alice.token } })).body.data.pagination;
    expect(await total('search=apple')).toEqual({ total: 3, page: 1, limit: 1, totalPages: 3 });
    expect((await total(`search=apple&projectId=${alice.projectId}`)).total).toBe(3);
    expect((await total(`search=apple&projectId=${bob.projectId}`)).total).toBe(0);
    expect((await rest(server.url, 'PATCH', `/api/v1/jobs/${first.id}`, { body: { title: 'plum pie' }, credentials: { apiKey: alice.apiKey } })).status).toBe(200);
    expect((await total('search=apple')).total).toBe(2);
    expect((await total('search=APPLE&status=SCHEDULED')).total).toBe(2);
  });

  it('a filtered list above the cap says its total is an estimate', async () => {
    const user = await signUp(server.url);
    await batch(user.apiKey, Array.from({ length: COUNT_CAP + 500 }, (_, i) => job(`common ${i}`)));
    const res = await rest(server.url, 'GET', '/api/v1/jobs?search=common&limit=3', { credentials: { token: user.token } });
    expect(res.body.data.pagination.totalIsEstimate).toBe(true);
    expect(res.body.data.pagination.total).toBeGreaterThan(COUNT_CAP);
    const small = await rest(server.url, 'GET', '/api/v1/jobs?search=common%201&limit=3', { credentials: { token: user.token } });
    expect(small.body.data.pagination).not.toHaveProperty('totalIsEstimate');
    // By status alone the counters answer exactly, however many.
    const counted = await rest(server.url, 'GET', '/api/v1/jobs?status=SCHEDULED&limit=1', { credentials: { token: user.token } });
    expect(counted.body.data.pagination.total).toBe(COUNT_CAP + 500);
    const { data } = await gqlText(server.url, '{ jobs(search: "common", limit: 1) { pagination { total totalIsEstimate } } }', {}, { token: user.token });
    expect(data.jobs.pagination.totalIsEstimate).toBe(true);
  }, 60_000);
});
