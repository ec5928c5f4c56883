/**
 * Retention against a real PostgreSQL: exactly the finished jobs older than their
 * project's retention go, with their logs, in batches; scheduled and firing jobs never do,
 * whatever their age; a project may keep longer, shorter or for ever; counters follow.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PURGE_BATCH } from '../../src/domain/retention/retention.service.js';
import { signUp, startTestApp, type TestApp } from '../helpers/app.js';
import { gqlText, rest } from '../helpers/clients.js';
import { withDatabase } from '../helpers/jobs.js';

let server: TestApp;
beforeAll(async () => {
  server = await startTestApp({ RETENTION: '7d' });
});
afterAll(async () => server?.stop());

/** Jobs in the given status, finished (or created) `ageDays` ago, with one log each. */
async function seed(projectId: string, status: string, count: number, ageDays: number) {
  await withDatabase(server.databaseUrl, async (db) => {
    await db.query(
      `with made as (
         insert into jobs (id, project_id, title, webhook_url, payload, fire_at, status, next_attempt_at, attempt, created_at, updated_at)
         -- A scheduled one is due tomorrow, however old: the service must not fire it during the test.
         select gen_random_uuid(), $1, $2 || ' ' || g, 'https://example.com/x', '{}', now() + interval '1 day', $2, now() + interval '1 day',
                case when $2 = 'SCHEDULED' then 0 else 1 end, now() - ($3 + 1) * interval '1 day', now() - $3 * interval '1 day'
           from generate_series(1, $4::int) g
         returning id, project_id)
       insert into delivery_attempts (job_id, project_id, attempt, status, fired_at, duration_ms)
       select id, project_id, 1, 'FAILED', now() - $3 * interval '1 day', 5 from made`,
      [projectId, status, ageDays, count],
    );
  });
}
const countOf = (projectId: string) =>
  withDatabase(server.databaseUrl, async (db) => {
    const jobs = await db.query(`select status, count(*)::int as n from jobs where project_id = $1 group by status order by status`, [projectId]);
    const logs = await db.query(`select count(*)::int as n from delivery_attempts where project_id = $1`, [projectId]);
    return { jobs: Object.fromEntries(jobs.rows.map((r) => [r.status, r.n])), logs: logs.rows[0].n };
  });

describe('retention', () => {
  it('deletes finished jobs older than RETENTION with their logs, in batches, and nothing else', async () => {
    const user = await signUp(server.url);
    for (const status of ['SUCCESS', 'DEAD', 'CANCELLED']) await seed(user.projectId, status, status === 'SUCCESS' ? PURGE_BATCH * 2 + 10 : 50, 8);
    await seed(user.projectId, 'SUCCESS', 30, 6);
    // Old, but not finished: never deleted.
    await seed(user.projectId, 'SCHEDULED', 20, 40);
    await seed(user.projectId, 'FIRING', 5, 40);
    const deleted = await server.app.retention.purgeOnce();
    expect(deleted).toBeGreaterThanOrEqual(PURGE_BATCH * 2 + 110);
    expect(await countOf(user.projectId)).toEqual({ jobs: { FIRING: 5, SCHEDULED: 20, SUCCESS: 30 }, logs: 55 });
    // The list's totals (from the counters) follow.
    const listed = await rest(server.url, 'GET', '/api/v1/jobs?limit=1', { credentials: { token: user.token } });
    expect(listed.body.data.pagination.total).toBe(55);
  });

  it('a project keeps for its own retention, or for ever with 0; null returns to the default', async () => {
    const shorter = await signUp(server.url);
    const forever = await signUp(server.url);
    const setRetention = (user: typeof shorter, retention: string | null) =>
      gqlText(server.url, 'mutation($id: ID!, $r: String) { updateProject(id: $id, input: { retention: $r }) { id retention } }', { id: user.projectId, r: retention }, { token: user.token });
    expect((await setRetention(shorter, '2d')).data.updateProject.retention).toBe('2d');
    expect((await setRetention(forever, '0')).data.updateProject.retention).toBe('0');
    await seed(shorter.projectId, 'SUCCESS', 10, 3);
    await seed(forever.projectId, 'DEAD', 10, 400);
    await server.app.retention.purgeOnce();
    expect((await countOf(shorter.projectId)).jobs).toEqual({});
    expect((await countOf(forever.projectId)).jobs).toEqual({ DEAD: 10 });
    expect((await setRetention(forever, null)).data.updateProject.retention).toBe('7d');
    await server.app.retention.purgeOnce();
    expect((await countOf(forever.projectId)).jobs).toEqual({});

    const bad = await setRetention(shorter, 'a while');
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'retention' });
    const stranger = await signUp(server.url);
    const theirs = await gqlText(server.url, 'mutation($id: ID!) { updateProject(id: $id, input: { retention: "1d" }) { id } }', { id: shorter.projectId }, { token: stranger.token });
    expect(theirs.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const withKey = await gqlText(server.url, 'mutation($id: ID!) { updateProject(id: $id, input: { retention: "1d" }) { id } }', { id: shorter.projectId }, { apiKey: shorter.apiKey });
    expect(withKey.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('RETENTION=0 keeps every job', async () => {
    const keeping = await startTestApp({ RETENTION: '0' });
    try {
      const user = await signUp(keeping.url);
      await withDatabase(keeping.databaseUrl, async (db) => {
        await db.query(
          `insert into jobs (project_id, title, webhook_url, payload, fire_at, status, next_attempt_at, created_at, updated_at)
           select $1, 'old', 'https://example.com/x', '{}', now(), 'SUCCESS', now(), now() - interval '5 years', now() - interval '5 years' from generate_series(1, 5)`,
          [user.projectId],
        );
      });
      expect(await keeping.app.retention.purgeOnce()).toBe(0);
    } finally {
      await keeping.stop();
    }
  });
});
