import autocannon from 'autocannon';
import { Pool } from 'undici';
import { CursorCodec } from '../../src/domain/cursors.js';
import { jobsQueryKey } from '../../src/domain/jobs/job-list.service.js';
import { OWN_QUERY } from '../database.js';
import { createJobs } from '../job-creator.js';
import { summarise, type Summary } from '../stats.js';
import { FIRE_SEGMENT_LEAD_MS, sleepUntil, type PhaseContext } from './context.js';

/** Latency of one kind of request, ms. */
export interface ReadFigure {
  name: string;
  p50: number | null;
  p95: number | null;
  max: number | null;
  /** Requests that did not answer 200. */
  failed: number;
}

export interface ScaleResult {
  jobs: number;
  attempts: number;
  seedSeconds: number;
  /** Disk used by jobs and delivery_attempts with their indexes, per million jobs (at this mix of about 1.2 attempts a job), MB. */
  diskMbPerMillionJobs: number;
  reads: ReadFigure[];
  /** REST create at concurrency 32 for a few seconds, on the empty project and on the big one. */
  create: { before: { p99Ms: number; perSecond: number }; after: { p99Ms: number; perSecond: number } };
  restart: { healthyAfterMs: number };
  /**
   * 500 jobs due at one instant (receiver arrival − fireAt): before the data, with it, in
   * the first round after the restart (a service whose code is not optimised yet), and
   * while retention purges; `purgeOverlapped` says whether the purge was still running when
   * the last of those arrived.
   */
  firing: { before: Summary; after: Summary; afterRestart: Summary; duringPurge: Summary; purgeOverlapped: boolean };
  /** Finished jobs retention deleted, and how fast. */
  purge: { deleted: number; seconds: number; perSecond: number };
  complete: boolean;
  failures: string[];
}

const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel'];
/** A word in one title of `RARE_EVERY`: the selective search. */
const RARE = 'zulu';
const RARE_EVERY = 50_000;
/** Jobs seeded per statement: at most 250,000, and at least four statements even for a small project. */
const seedChunk = (jobs: number) => Math.min(250_000, Math.ceil(jobs / 4));
/** Retention for the purge: everything finished more than 24 of the 30 days ago, about a fifth of the jobs. */
const PURGE_RETENTION_MS = 24 * 86_400_000;
const SAMPLES = 60;

/**
 * A big project: `scaleJobs` jobs with about 1.2 attempts each, seeded with SQL straight into
 * the tables (created over the last 30 days; most finished, 5 % scheduled ahead; a tenth
 * labelled), then every read the API offers measured against it, creates and firing
 * compared with the empty project, a restart, and retention purging a fifth of the jobs
 * while 500 jobs fire.
 */
export async function runScale(ctx: PhaseContext): Promise<ScaleResult> {
  const { scaleJobs } = ctx.options;
  const failures: string[] = [];
  const projectId = ctx.account.projectId;

  const createBefore = await createLoad(ctx, 'scale: create, empty project');
  const firingBefore = await fireTogether(ctx, '/scale-before');

  ctx.log(`scale: seeding ${scaleJobs.toLocaleString('en-US')} jobs`);
  const seeding = Date.now();
  const endSeed = await ctx.segment('scale: seed');
  const chunk = seedChunk(scaleJobs);
  for (let from = 0; from < scaleJobs; from += chunk) {
    await ctx.db.query(SEED_JOBS, [projectId, from, Math.min(scaleJobs, from + chunk), WORDS, RARE, RARE_EVERY, ctx.receiver.url('/never'), scaleJobs]);
  }
  await ctx.db.query(`${OWN_QUERY} vacuum analyze jobs`);
  await ctx.db.query(`${OWN_QUERY} vacuum analyze job_titles`);
  await ctx.db.query(`${OWN_QUERY} vacuum analyze delivery_attempts`);
  await endSeed();
  const seedSeconds = Math.round((Date.now() - seeding) / 1000);
  const counted = (await ctx.db.query(
    `${OWN_QUERY} select (select count(*) from jobs) as jobs, (select count(*) from delivery_attempts) as attempts,
            pg_total_relation_size('jobs') + pg_total_relation_size('job_titles') + pg_total_relation_size('delivery_attempts') as bytes`,
  )).rows[0];
  const diskMbPerMillionJobs = Math.round(Number(counted.bytes) / Number(counted.jobs) / 1.048576);
  ctx.log(`scale: ${Number(counted.jobs).toLocaleString('en-US')} jobs, ${Number(counted.attempts).toLocaleString('en-US')} attempts in ${seedSeconds} s`);

  const pool = new Pool(ctx.service.url, { connections: 4 });
  const bearer = { authorization: `Bearer ${ctx.account.token}` };
  const reads: ReadFigure[] = [];
  try {
    const deep = await deepCursor(ctx);
    const someJobs = (await ctx.db.query<{ id: string }>(`${OWN_QUERY} select id from jobs where project_id = $1 and status = 'DEAD' order by random() limit ${SAMPLES}`, [projectId])).rows.map((r) => r.id);
    const endReads = await ctx.segment('scale: reads');
    const get = (path: string) => () => pool.request({ method: 'GET', path, headers: bearer });
    const graphql = (query: string) => () => pool.request({ method: 'POST', path: '/graphql', headers: { ...bearer, 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
    const cases: Array<[string, (i: number) => Promise<{ statusCode: number; body: { text(): Promise<string> } }>]> = [
      ['list, page 1', get('/api/v1/jobs?limit=20')],
      ['list, a cursor page in the middle', get(`/api/v1/jobs?limit=20&cursor=${encodeURIComponent(deep)}`)],
      ['list, status=DEAD', get('/api/v1/jobs?limit=20&status=DEAD')],
      [`list, search (rare word, 1 in ${RARE_EVERY.toLocaleString('en-US')})`, get(`/api/v1/jobs?limit=20&search=${RARE}`)],
      ['list, search (common word)', get('/api/v1/jobs?limit=20&search=charlie')],
      ['list, label', get('/api/v1/jobs?limit=20&label=tenant:t7')],
      ['GraphQL jobs', graphql('{ jobs(limit: 20) { jobs { id title status } pagination { total } } }')],
      ['GraphQL jobsConnection, status', graphql('{ jobsConnection(first: 20, filter: { status: DEAD }) { edges { node { id } } totalCount } }')],
      ['GET one job with its logs', (i) => pool.request({ method: 'GET', path: `/api/v1/jobs/${someJobs[i % someJobs.length]}`, headers: bearer })],
      ['deliveryLogs, project', graphql('{ deliveryLogs(first: 20) { edges { node { id jobTitle } } } }')],
      ['deliveryLogs, FAILED', graphql('{ deliveryLogs(first: 20, status: "FAILED") { edges { node { id } } } }')],
      ['GET /metrics', () => pool.request({ method: 'GET', path: '/metrics' })],
    ];
    for (const [name, request] of cases) reads.push(await sample(name, request));
    await endReads();
    for (const read of reads) if (read.failed > 0) failures.push(`${read.name}: ${read.failed} requests failed`);
  } finally {
    await pool.close();
  }

  const createAfter = await createLoad(ctx, 'scale: create, big project');
  const firingAfter = await fireTogether(ctx, '/scale-after');

  ctx.log('scale: restarting the service');
  const endRestart = await ctx.segment('scale: restart');
  const { startedAt, healthyAt } = await ctx.restartService(0);
  await endRestart();
  // The restarted service's code is cold again: this round warms it, so that the round
  // during the purge compares with the warm round before the restart.
  const firingAfterRestart = await fireTogether(ctx, '/scale-restarted');

  // Retention: everything finished more than 24 days ago becomes due for deletion at the
  // next pass; once it has begun, 500 jobs are made to fall due in the middle of it.
  ctx.log('scale: retention purge while 500 jobs fire');
  await ctx.db.query(`update projects set retention_ms = $2 where id = $1`, [projectId, PURGE_RETENTION_MS]);
  const endPurge = await ctx.segment('scale: purge');
  const purging = Date.now();
  let purgeBegan: () => void = () => undefined;
  const began = new Promise<void>((resolve) => (purgeBegan = resolve));
  const watcher = watchPurge(ctx, projectId, () => purgeBegan());
  // A purge that never begins is reported by the watcher; the jobs then fire anyway.
  const giveUp = setTimeout(() => purgeBegan(), 30_000);
  await began;
  clearTimeout(giveUp);
  const firingDuringPurge = await fireTogether(ctx, '/scale-purge', 3_000);
  const purged = await watcher;
  await endPurge();
  await ctx.db.query(`update projects set retention_ms = null where id = $1`, [projectId]);
  if (purged.deleted === 0) failures.push('retention deleted nothing');

  return {
    jobs: Number(counted.jobs),
    attempts: Number(counted.attempts),
    seedSeconds,
    diskMbPerMillionJobs,
    reads,
    create: { before: createBefore, after: createAfter },
    restart: { healthyAfterMs: healthyAt - startedAt },
    firing: {
      before: firingBefore.lateness, after: firingAfter.lateness, afterRestart: firingAfterRestart.lateness, duringPurge: firingDuringPurge.lateness,
      purgeOverlapped: purged.endedAt >= firingDuringPurge.lastArrivalAt,
    },
    purge: { deleted: purged.deleted, seconds: Math.round(purged.ms / 100) / 10, perSecond: Math.round(purged.deleted / Math.max(0.001, purged.ms / 1000)) },
    complete: failures.length === 0 && firingBefore.complete && firingAfter.complete && firingAfterRestart.complete && firingDuringPurge.complete && Date.now() > purging,
    failures,
  };
}

/** `SAMPLES` requests, four at a time: p50, p95, max. */
async function sample(name: string, request: (i: number) => Promise<{ statusCode: number; body: { text(): Promise<string> } }>): Promise<ReadFigure> {
  const times: number[] = [];
  let failed = 0;
  let next = 0;
  await Promise.all(Array.from({ length: 4 }, async () => {
    while (next < SAMPLES) {
      const i = next++;
      const started = performance.now();
      const res = await request(i);
      await res.body.text();
      times.push(performance.now() - started);
      if (res.statusCode !== 200) failed++;
    }
  }));
  const sorted = [...times].sort((a, b) => a - b);
  const at = (p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] * 10) / 10;
  return { name, p50: at(50), p95: at(95), max: at(100), failed };
}

/** A cursor at the job in the middle of the project's list (as the service would have made it for that page). */
async function deepCursor(ctx: PhaseContext): Promise<string> {
  const { rows } = await ctx.db.query<{ secret: string }>(`${OWN_QUERY} select secret from deployment where secret is not null limit 1`);
  const codec = new CursorCodec(Buffer.from(rows[0].secret, 'base64'));
  const middle = (await ctx.db.query<{ created_at: Date; id: string }>(
    `${OWN_QUERY} select created_at, id from jobs where project_id = $1 order by created_at desc, id desc offset (select count(*) / 2 from jobs where project_id = $1) limit 1`,
    [ctx.account.projectId],
  )).rows[0];
  const principal = { kind: 'user' as const, userId: ctx.account.userId, sessionId: '' };
  return codec.encode(jobsQueryKey(principal, 'created', {}), [new Date(middle.created_at).toISOString(), middle.id]);
}

/** REST create at concurrency 32 for three seconds. */
async function createLoad(ctx: PhaseContext, segment: string): Promise<{ p99Ms: number; perSecond: number }> {
  const end = await ctx.segment(segment);
  let n = 0;
  const result = await autocannon({
    url: ctx.service.url, connections: 32, duration: 3, pipelining: 1,
    requests: [{
      method: 'POST', path: '/api/v1/jobs', headers: { 'content-type': 'application/json', 'x-api-key': ctx.account.apiKey },
      setupRequest: (request) => ({ ...request, body: JSON.stringify({ title: `scale create ${n++}`, webhookUrl: ctx.receiver.url('/never'), delay: '3d' }) }),
    }],
  });
  await end();
  return { p99Ms: result.latency.p99, perSecond: Math.round(result.requests.average) };
}

/** 500 jobs due at one instant `leadMs` ahead: their lateness, and when the last arrived. */
async function fireTogether(ctx: PhaseContext, path: string, leadMs = 8_000): Promise<{ lateness: Summary; lastArrivalAt: number; complete: boolean }> {
  const fireAt = Date.now() + leadMs;
  const created = await createJobs(ctx.service.url, ctx.account.apiKey, Array.from({ length: 500 }, () => ({ title: 'scale firing', webhookUrl: ctx.receiver.url(path), fireAt })), {
    concurrency: 16, deadline: fireAt - 1_000,
  });
  await sleepUntil(fireAt - FIRE_SEGMENT_LEAD_MS);
  const { arrivals, complete } = await ctx.receiver.collect(path, created.fireAtById.size, fireAt + 30_000 - Date.now());
  return { lateness: summarise([...arrivals.values()].map((at) => at - fireAt)), lastArrivalAt: Math.max(fireAt, ...arrivals.values()), complete: complete && created.failed === 0 };
}

/**
 * Waits for retention's next pass (the bench runs one every 5 s) and measures it: from its
 * first deletion until the count stops falling. The count is the service's own counters, a
 * read that costs nothing however many rows there are. Calls `onBegin` at the first deletion
 * seen; resolves with what was deleted, how long it took and when the last deletion was seen.
 */
async function watchPurge(ctx: PhaseContext, projectId: string, onBegin: () => void): Promise<{ deleted: number; ms: number; endedAt: number }> {
  const count = async () => Number((await ctx.db.query(`${OWN_QUERY} select coalesce(sum(n), 0) as n from job_counts where project_id = $1 and status in ('SUCCESS', 'DEAD', 'CANCELLED')`, [projectId])).rows[0].n);
  const start = await count();
  const deadline = Date.now() + 15 * 60_000;
  let began = 0;
  let last = start;
  let lastChange = Date.now();
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    const now = await count();
    if (now < last) {
      if (!began) {
        began = Date.now() - 250;
        onBegin();
      }
      lastChange = Date.now();
      last = now;
    } else if (began && Date.now() - lastChange > 3_000) break;
  }
  return { deleted: start - last, ms: began ? lastChange - began : 0, endedAt: lastChange };
}

/**
 * One chunk of the big project: jobs `from` to `to` of $8, created evenly over the last 30
 * days (oldest first), 80 % SUCCESS with one attempt, 10 % DEAD with three, 5 % CANCELLED, 5 % SCHEDULED
 * for the next 30 days; a word of $4 in each title, $5 in one of every $6; a tenth labelled.
 */
const SEED_JOBS = `${OWN_QUERY}
with made as (
  insert into jobs (id, project_id, title, webhook_url, payload, fire_at, status, next_attempt_at, attempt, retry_count, labels, created_at, updated_at)
  select gen_random_uuid(), $1,
         'order ' || g || ' ' || ($4::text[])[1 + g % array_length($4::text[], 1)] || case when g % $6 = 7 then ' ' || $5 else '' end,
         $7, '{"n":' || g || '}',
         created + interval '1 minute',
         case when g % 20 < 16 then 'SUCCESS' when g % 20 < 18 then 'DEAD' when g % 20 = 18 then 'CANCELLED' else 'SCHEDULED' end,
         case when g % 20 = 19 then now() + (1 + g % 30) * interval '1 day' else created + interval '1 minute' end,
         case when g % 20 < 16 then 1 when g % 20 < 18 then 3 else 0 end,
         case when g % 20 between 16 and 17 then 2 else 0 end,
         case when g % 10 = 3 then jsonb_build_object('tenant', 't' || (g % 100)) else '{}'::jsonb end,
         created, created + interval '2 minutes'
    from generate_series($2::int + 1, $3::int) g,
         lateral (select now() - interval '30 days' + (g::float8 / ($8::int + 1)) * interval '30 days' as created) c
  returning id, project_id, status, fire_at)
insert into delivery_attempts (job_id, project_id, attempt, status, response_code, response_body, fired_at, duration_ms, error)
select m.id, m.project_id, a, case when m.status = 'SUCCESS' then 'SUCCESS' else 'FAILED' end,
       case when m.status = 'SUCCESS' then 200 else 500 end, 'ok', m.fire_at + (a - 1) * interval '30 seconds', 12,
       case when m.status = 'SUCCESS' then null else 'HTTP 500' end
  from made m, generate_series(1, case m.status when 'SUCCESS' then 1 when 'DEAD' then 3 else 0 end) a`;
