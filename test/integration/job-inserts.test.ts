/** Concurrent creates share INSERT statements, each caller gets its own job, and one bad row fails alone. Real PostgreSQL. */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { preparedRowsOf, type SqlExecutor } from '../../src/db/sql.js';
import { NO_OPTIONS } from '../../src/domain/jobs/delivery-options.js';
import { JobStore, type NewJob } from '../../src/domain/jobs/job.store.js';
import { signUp, startTestApp, type TestApp } from '../helpers/app.js';

let server: TestApp;
let store: JobStore;
beforeAll(async () => {
  server = await startTestApp();
  store = new JobStore(() => server.app.orm.em.fork());
});
afterAll(async () => {
  await server?.stop();
});

const fireAt = new Date(Date.now() + 3_600_000);
const newJob = (projectId: string, i: number): NewJob => ({
  projectId, title: `t${i}`, webhookUrl: `https://example.com/${i}`, payload: JSON.stringify({ i }), fireAt, options: NO_OPTIONS, expiresAt: null, labels: {}, replayOf: null,
});

async function rowsOf(projectId: string) {
  const db = new pg.Client({ connectionString: server.databaseUrl });
  await db.connect();
  try {
    return (await db.query<{ title: string; tx: string }>('select title, xmin::text as tx from jobs where project_id = $1 order by created_at', [projectId])).rows;
  } finally {
    await db.end();
  }
}

it('writes concurrent creates in shared statements, each caller getting its own job', async () => {
  const { projectId } = await signUp(server.url);
  const jobs = await Promise.all(Array.from({ length: 60 }, (_, i) => store.insert(newJob(projectId, i))));
  jobs.forEach((job, i) => {
    expect(job).toMatchObject({ projectId, title: `t${i}`, webhookUrl: `https://example.com/${i}`, payload: JSON.stringify({ i }), status: 'SCHEDULED', retryCount: 0 });
    expect(job.fireAt.getTime()).toBe(fireAt.getTime());
    expect(job.createdAt.getTime()).toBe(job.updatedAt.getTime());
  });
  expect(new Set(jobs.map((job) => job.id)).size).toBe(60);
  const rows = await rowsOf(projectId);
  expect(rows).toHaveLength(60);
  // Fewer transactions than jobs: they were batched.
  expect(new Set(rows.map((row) => row.tx)).size).toBeLessThan(10);
});

it('the job an insert answers is the row as stored, field for field', async () => {
  const { projectId } = await signUp(server.url);
  const job: NewJob = {
    ...newJob(projectId, 1),
    payload: '{"z":1,"a":[1,2],"z":2}',
    options: { maxAttempts: 3, retryDelaysMs: [1_000, 60_000], retryMaxDelayMs: 120_000, timeoutMs: 5_000, headers: { 'x-zeta': '1', 'x-alpha': '2' } },
    expiresAt: new Date(fireAt.getTime() + 60_000),
    labels: { zone: 'eu', a: 'b' },
  };
  const [single, ...batch] = await Promise.all([store.insert(job), store.insert(newJob(projectId, 2)), store.insert(newJob(projectId, 3))]);
  for (const created of [single, ...batch]) {
    const { projectName: _, ...stored } = (await store.findInProjects(created.id, { sql: 'j.project_id = ?', params: [projectId] }))!;
    expect(created).toStrictEqual(stored);
  }
});

it('a hot statement is prepared once on its connection and its plan reused', async () => {
  await server.app.orm.em.getKnex().transaction(async (trx) => {
    // One transaction is one connection: what it prepared is in its pg_prepared_statements.
    const executor = trx as unknown as SqlExecutor;
    for (const n of [1, 2, 3]) expect(await preparedRowsOf(executor, 'dispatch_test_prepared', 'select ?::int as n', [n])).toEqual([{ n }]);
    const { rows } = await trx.raw(`select statement from pg_prepared_statements where name = 'dispatch_test_prepared'`);
    expect(rows).toEqual([{ statement: 'select $1::int as n' }]);
    // A name stands for one statement only.
    await expect(preparedRowsOf(executor, 'dispatch_test_prepared', 'select ?::text as n', ['x'])).rejects.toThrow(/two different statements/);
  });
});

it('creates made one after another keep their order', async () => {
  const { projectId } = await signUp(server.url);
  for (let i = 0; i < 5; i++) await store.insert(newJob(projectId, i));
  expect((await rowsOf(projectId)).map((row) => row.title)).toEqual(['t0', 't1', 't2', 't3', 't4']);
});

it('a row that cannot be written fails its own caller only', async () => {
  const { projectId } = await signUp(server.url);
  const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => store.insert(newJob(i === 10 ? randomUUID() : projectId, i))));
  expect(results[10]).toMatchObject({ status: 'rejected', reason: expect.objectContaining({ message: expect.stringMatching(/foreign key/) }) });
  expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(19);
  expect((await rowsOf(projectId)).map((row) => row.title).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `t${i}`).filter((t) => t !== 't10').sort());
});
