/**
 * The firing path's writes reach jobs by primary key only, in the plans PostgreSQL really
 * uses for them: the generic plan a prepared statement settles on and a custom one, on a
 * jobs table small enough that reading it whole looks cheap to the planner, and with
 * statistics that no longer describe it. Real PostgreSQL; the plans are read with EXPLAIN.
 */
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { COMPLETE_ATTEMPTS, START_ATTEMPTS } from '../../src/domain/jobs/job.store.js';
import { signUp, startTestApp, type TestApp } from '../helpers/app.js';

const OWNER = '00000000-0000-4000-8000-0000000000aa';

let server: TestApp;
let db: pg.Client;
let ids: string[];
let dues: string[];
beforeAll(async () => {
  server = await startTestApp();
  const { projectId } = await signUp(server.url);
  db = new pg.Client({ connectionString: server.databaseUrl });
  await db.connect();
  // 12,000 jobs, analysed: small enough that a whole-table read is the planner's choice for a 100-row join.
  await db.query(
    `insert into jobs (id, project_id, title, webhook_url, payload, fire_at, status, next_attempt_at, created_at, updated_at, attempt, lease_owner, lease_expires_at)
     select gen_random_uuid(), $1, 'plan ' || g, 'https://example.com/', '{}', now() + interval '1 hour', 'SCHEDULED', now() + interval '1 hour', now(), now(), 0, $2, now() + interval '2 hours'
       from generate_series(1, 12000) g`,
    [projectId, OWNER],
  );
  await db.query('analyze jobs');
  const rows = (await db.query<{ id: string; due: string }>(`select id, to_json(next_attempt_at) #>> '{}' as due from jobs order by id limit 5`)).rows;
  ids = rows.map((row) => row.id);
  dues = rows.map((row) => row.due);
});
afterAll(async () => {
  await db?.end();
  await server?.stop();
});

/** Every scan of `jobs` in the plan of `sql` (with `?` placeholders), under the given plan cache mode. */
async function jobScans(sql: string, params: unknown[], mode: 'force_generic_plan' | 'force_custom_plan'): Promise<string[]> {
  let n = 0;
  const text = sql.replace(/\?/g, () => `$${++n}`);
  await db.query('begin');
  try {
    await db.query(`set local plan_cache_mode = ${mode}`);
    // PREPARE and EXECUTE, as the service's named statements are planned.
    await db.query(`prepare planned as ${text}`);
    const args = params.map((value) => db.escapeLiteral(String(value))).join(', ');
    const [{ 'QUERY PLAN': [plan] }] = (await db.query(`explain (format json) execute planned(${args})`)).rows;
    const scans: string[] = [];
    const walk = (node: Record<string, unknown>) => {
      const children = (node.Plans as Array<Record<string, unknown>> | undefined) ?? [];
      // A bitmap scan names its index on the child that reads it.
      const index = node['Index Name'] ?? children.find((child) => child['Node Type'] === 'Bitmap Index Scan')?.['Index Name'];
      if (node['Relation Name'] === 'jobs' && node['Node Type'] !== 'ModifyTable') scans.push(`${node['Node Type']}${index ? ` using ${index}` : ''}`);
      for (const child of children) if (child['Node Type'] !== 'Bitmap Index Scan') walk(child);
    };
    walk(plan.Plan);
    return scans;
  } finally {
    await db.query('rollback');
    await db.query('deallocate all');
  }
}

const BY_PRIMARY_KEY = /^(Index Scan|Bitmap Heap Scan) using jobs_pkey$/;

for (const mode of ['force_generic_plan', 'force_custom_plan'] as const) {
  it(`the start of attempts reads jobs by primary key only (${mode})`, async () => {
    const scans = await jobScans(START_ATTEMPTS, [30_000, `{${ids.join(',')}}`, `{${dues.map((due) => `"${due}"`).join(',')}}`, OWNER], mode);
    expect(scans.length).toBeGreaterThan(0);
    for (const scan of scans) expect(scan).toMatch(BY_PRIMARY_KEY);
  });

  it(`the completion of attempts reads jobs by primary key only (${mode})`, async () => {
    const input = JSON.stringify(ids.map((id) => ({ id, attempt: 1, ok: true, code: 200, body: '', fired: new Date().toISOString(), ms: 1, err: null, next: null, keep: false, rf: false, ra: null })));
    const scans = await jobScans(COMPLETE_ATTEMPTS, [input, 5, 5, 5, 5, 5, 10_000, `{${ids.join(',')}}`, OWNER, 5, 1_000, 60_000], mode);
    expect(scans.length).toBeGreaterThan(0);
    for (const scan of scans) expect(scan).toMatch(BY_PRIMARY_KEY);
  });
}
