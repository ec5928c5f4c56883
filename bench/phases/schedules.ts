import { Cron } from 'croner';
import { postAll } from '../job-creator.js';
import { summarise, type Summary } from '../stats.js';
import { FIRE_SEGMENT_LEAD_MS, sleepUntil, type PhaseContext } from './context.js';

export interface SchedulesResult {
  /** Schedules that fire during the phase, all on the same cron (every minute by default). */
  firing: number;
  /** Schedules in the database while it runs (the others are idle: due a day later). */
  total: number;
  cron: string;
  createdPerSecond: number;
  /** Occurrences measured, and the runs they should have produced (firing × occurrences). */
  occurrences: number;
  runs: number;
  delivered: number;
  repeats: number;
  /** Receiver arrival − the run's occurrence (scheduledFor), ms. */
  lateness: Summary;
  /** Occurrences with more than one job: must be 0. */
  duplicates: number;
  /**
   * A restart with every schedule in place: from the new process's start to /healthz 200,
   * and the missed occurrence's catch-up runs (LATEST): how many, and when the last arrived
   * after the service was healthy.
   */
  restart: { downtimeMs: number; healthyAfterMs: number; caughtUp: number; allCaughtUpAfterMs: number | null } | null;
  complete: boolean;
  failures: string[];
}

const PATH = '/schedules';

/**
 * Many schedules firing at once: `scheduleCount` schedules on one cron (default every
 * minute, so they all fall due at the same second), among `scheduleTotal` in the database,
 * measured over `scheduleOccurrences` occurrences. The idle ones are seeded with SQL; the
 * firing ones are created through the API. Then, optionally, a restart with all of them in
 * place, down long enough to miss one occurrence, which each schedule catches up (LATEST).
 */
export async function runSchedules(ctx: PhaseContext): Promise<SchedulesResult> {
  const { scheduleCount: firing, scheduleTotal, scheduleCron: cron, scheduleOccurrences, scheduleDowntimeMs } = ctx.options;
  const idle = Math.max(0, scheduleTotal - firing);
  const failures: string[] = [];
  ctx.log(`schedules: seeding ${idle} idle schedules, creating ${firing} on "${cron}"`);
  await ctx.db.query(
    `insert into schedules (project_id, name, every_ms, timezone, anchor_at, title, webhook_url, payload, paused, catch_up, next_run_at, created_at, updated_at)
     select $1, 'idle ' || g, 86400000, 'UTC', now() + interval '1 day', 'idle', $2, '{}'::jsonb, false, 'LATEST', now() + interval '1 day', now(), now()
       from generate_series(1, $3::int) g`,
    [ctx.account.projectId, ctx.receiver.url('/idle'), idle],
  );
  const endCreate = await ctx.segment('schedules: create');
  const bodies = Array.from({ length: firing }, (_, i) => ({ name: `bench ${i}`, cron, title: 'bench schedule', webhookUrl: ctx.receiver.url(PATH) }));
  const created = await postAll(ctx.service.url, ctx.account.apiKey, '/api/v1/schedules', bodies, { concurrency: ctx.options.concurrency, deadline: Date.now() + 300_000 });
  await endCreate(created.ids.filter((id) => id !== null).length);
  failures.push(...created.failures);
  const scheduleIds = created.ids.filter((id): id is string => id !== null);

  // Measure whole occurrences from the first one at least a planning horizon after the schedules exist.
  const timing = new Cron(cron, { mode: '5-or-6-parts', timezone: 'UTC' });
  const first = timing.nextRun(new Date(Date.now() + 16_000))!;
  const occurrences = [first, ...timing.nextRuns(scheduleOccurrences - 1, first)].slice(0, scheduleOccurrences);
  const last = occurrences.at(-1)!;
  const runsInRange = async () =>
    (await ctx.db.query<{ id: string; at: string }>(
      `select id, scheduled_for as at from jobs where schedule_id = any($1::uuid[]) and scheduled_for >= $2 and scheduled_for <= $3`,
      [scheduleIds, first, last],
    )).rows;
  await sleepUntil(first.getTime() - FIRE_SEGMENT_LEAD_MS);
  // Runs before the first measured occurrence have arrived too: collect counts them all.
  const before = Number((await ctx.db.query(`select count(*) from jobs where schedule_id = any($1::uuid[]) and scheduled_for < $2`, [scheduleIds, first])).rows[0].count);
  const expected = scheduleIds.length * occurrences.length;
  const endFire = await ctx.segment('schedules: fire');
  const { arrivals, repeats, complete } = await ctx.receiver.collect(PATH, before + expected, last.getTime() + 60_000 - Date.now(), { keep: true });
  await endFire(arrivals.size - before);
  const runs = await runsInRange();
  const lateness = runs.flatMap((run) => (arrivals.has(run.id) ? [arrivals.get(run.id)! - new Date(run.at).getTime()] : []));
  const duplicates = Number((await ctx.db.query(
    `select count(*) from (select 1 from jobs where schedule_id is not null group by schedule_id, scheduled_for having count(*) > 1) d`,
  )).rows[0].count);

  let restart: SchedulesResult['restart'] = null;
  if (scheduleDowntimeMs > 0) {
    // Down from before the next occurrence is planned (15 s ahead) until after it was due: it is missed.
    const missed = timing.nextRun(new Date(Math.max(Date.now(), last.getTime()) + 20_000))!;
    await sleepUntil(missed.getTime() - 20_000);
    ctx.log(`schedules: restarting the service with ${scheduleTotal} schedules; ${missed.toISOString()} is missed`);
    const endRestart = await ctx.segment('schedules: restart and catch up');
    const downtimeMs = Math.max(scheduleDowntimeMs, missed.getTime() + 3_000 - Date.now());
    const { startedAt, healthyAt } = await ctx.restartService(downtimeMs);
    const caught = await ctx.receiver.collect(PATH, before + expected + scheduleIds.length, 60_000, { keep: true });
    await endRestart(scheduleIds.length);
    const caughtUp = (await ctx.db.query<{ id: string }>(`select id from jobs where schedule_id = any($1::uuid[]) and scheduled_for = $2`, [scheduleIds, missed])).rows;
    const arrived = caughtUp.flatMap((run) => (caught.arrivals.has(run.id) ? [caught.arrivals.get(run.id)!] : []));
    restart = {
      downtimeMs,
      healthyAfterMs: healthyAt - startedAt,
      caughtUp: caughtUp.length,
      allCaughtUpAfterMs: arrived.length === scheduleIds.length ? Math.max(...arrived) - healthyAt : null,
    };
    if (arrived.length !== scheduleIds.length) failures.push(`${arrived.length} of ${scheduleIds.length} missed runs caught up and delivered`);
  }
  await ctx.receiver.forget(PATH);
  // Nothing of this phase may fire later.
  await ctx.db.query('delete from schedules where project_id = $1', [ctx.account.projectId]);
  return {
    firing: scheduleIds.length,
    total: scheduleTotal,
    cron,
    createdPerSecond: created.perSecond,
    occurrences: occurrences.length,
    runs: expected,
    delivered: lateness.length,
    repeats,
    lateness: summarise(lateness),
    duplicates,
    restart,
    complete: complete && created.failed === 0 && lateness.length === expected && duplicates === 0 && failures.length === 0,
    failures,
  };
}
