/**
 * The planner against a real PostgreSQL with a clock of the test's own: exactly one job per
 * occurrence with planners racing and the clock stepping back and forth, catch-up after an
 * outage, paused schedules, and the planner's own transaction boundaries.
 */
import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../src/db/migrate.js';
import { ormConfig } from '../../src/db/mikro-orm.config.js';
import { NO_OPTIONS } from '../../src/domain/jobs/delivery-options.js';
import type { JobRecord } from '../../src/domain/jobs/job.store.js';
import { occurrenceFrom } from '../../src/domain/schedules/occurrences.js';
import { SchedulePlanner } from '../../src/domain/schedules/schedule-planner.js';
import { checkTiming, timingOf, type CatchUpPolicy } from '../../src/domain/schedules/schedule-rules.js';
import { ScheduleStore } from '../../src/domain/schedules/schedule.store.js';
import { createTestDatabase } from '../helpers/database.js';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let orm: MikroORM;
let db: pg.Client;
let store: ScheduleStore;
let projectId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  orm = await MikroORM.init(ormConfig(database.url));
  await migrate(orm);
  store = new ScheduleStore(() => orm.em.fork());
  db = new pg.Client({ connectionString: database.url });
  await db.connect();
  const user = await db.query(`insert into users (email, password_hash, created_at) values ('planner@example.com', 'x', now()) returning id`);
  const project = await db.query(`insert into projects (name, signing_secret, created_at) values ('p', 'whsec_AAAA', now()) returning id`);
  projectId = project.rows[0].id;
  await db.query(`insert into project_members (project_id, user_id, role, created_at) values ($1, $2, 'OWNER', now())`, [projectId, user.rows[0].id]);
});
// Each test plans its own schedules with its own clock.
beforeEach(async () => {
  await db.query('delete from jobs');
  await db.query('delete from schedules');
});
afterAll(async () => {
  await db?.end();
  await orm?.close();
  await database?.dispose();
});

/** A clock the test moves. */
const clockAt = (start: Date) => {
  let now = start.getTime();
  return { now: () => new Date(now), set: (at: Date | number) => (now = new Date(at).getTime()), advance: (ms: number) => (now += ms) };
};
const announced: JobRecord[] = [];
const sink = { announceCreated: async (jobs: JobRecord[]) => void announced.push(...jobs) };

async function createSchedule(timing: { cron?: string; every?: string; timezone?: string }, now: Date, catchUp: CatchUpPolicy = 'LATEST', paused = false) {
  const columns = checkTiming({ cron: timing.cron ?? null, every: timing.every ?? null, timezone: timing.timezone ?? 'UTC', startAt: null, endAt: null }, now);
  const schedule = await store.insert(projectId, { ...columns, ...NO_OPTIONS, name: 's', title: 't', webhookUrl: 'https://example.com/x', payload: '{}', labels: {}, endpointId: null, catchUp }, paused, occurrenceFrom(timingOf(columns), now));
  return schedule.id;
}
const occurrencesOf = async (scheduleId: string) =>
  (await db.query('select scheduled_for from jobs where schedule_id = $1 order by scheduled_for', [scheduleId])).rows.map((r) => (r.scheduled_for as Date).toISOString());

describe('exactly one job per occurrence', () => {
  it('with four planners racing over 200 schedules for ten minutes of simulated time', async () => {
    const clock = clockAt(new Date('2027-01-04T08:00:00Z'));
    const ids: string[] = [];
    for (let i = 0; i < 200; i++) ids.push(await createSchedule(i % 2 ? { every: `${10 + (i % 7)}s` } : { cron: `*/${(i % 5) + 1} * * * *`, timezone: 'Europe/Berlin' }, clock.now()));
    const planners = Array.from({ length: 4 }, () => new SchedulePlanner(store, sink, 15_000, clock.now));
    for (let step = 0; step < 120; step++) {
      await Promise.all(planners.map((planner) => planner.planDue()));
      clock.advance(5_000);
    }
    const { rows } = await db.query(
      `select schedule_id, scheduled_for, count(*)::int as n from jobs where schedule_id = any($1::uuid[]) group by 1, 2 having count(*) > 1`,
      [ids],
    );
    expect(rows).toEqual([]);
    // And none is missing: each schedule has every occurrence of the ten minutes.
    const every10 = await occurrencesOf(ids[1]);
    expect(every10.length).toBeGreaterThanOrEqual(Math.floor(600 / 11));
    for (let i = 1; i < every10.length; i++) expect(Date.parse(every10[i]) - Date.parse(every10[i - 1])).toBe(11_000);
  }, 60_000);

  it('when the clock steps back an hour and forward again', async () => {
    const clock = clockAt(new Date('2027-02-01T12:00:00Z'));
    const id = await createSchedule({ every: '1m' }, clock.now(), 'ALL');
    const planner = new SchedulePlanner(store, sink, 15_000, clock.now);
    for (let i = 0; i < 30; i++, clock.advance(5_000)) await planner.planDue();
    const before = await occurrencesOf(id);
    clock.advance(-3_600_000);
    for (let i = 0; i < 30; i++, clock.advance(5_000)) await planner.planDue();
    expect(await occurrencesOf(id)).toEqual(before);
    clock.set(Date.parse('2027-02-01T12:02:30Z'));
    for (let i = 0; i < 30; i++, clock.advance(5_000)) await planner.planDue();
    const after = await occurrencesOf(id);
    expect(new Set(after).size).toBe(after.length);
    for (let i = 1; i < after.length; i++) expect(Date.parse(after[i]) - Date.parse(after[i - 1])).toBe(60_000);
  });

  it('an occurrence that already has a job is never created again, even by a planner that read the schedule before it moved', async () => {
    const clock = clockAt(new Date('2027-03-01T00:00:00Z'));
    const id = await createSchedule({ every: '1m' }, clock.now());
    const planner = new SchedulePlanner(store, sink, 15_000, clock.now);
    clock.advance(50_000);
    expect(await planner.planSchedule({ id, paused: false, nextRunAt: new Date('2027-03-01T00:01:00Z') })).toBe(1);
    // Put next_run_at back as a stale planner would have it: the unique (schedule_id, scheduled_for) holds.
    await db.query(`update schedules set next_run_at = next_run_at - interval '1 minute' where id = $1`, [id]);
    expect(await planner.planSchedule({ id, paused: false, nextRunAt: new Date('2027-03-01T00:00:00Z') })).toBe(0);
    expect(await occurrencesOf(id)).toEqual(['2027-03-01T00:01:00.000Z']);
  });
});

describe('missed occurrences after an outage', () => {
  it.each([
    ['NONE', 0],
    ['LATEST', 1],
    ['ALL', 5],
  ] as const)('%s creates %i run(s) for five missed occurrences, due at once, then carries on', async (policy, missed) => {
    const clock = clockAt(new Date('2027-04-01T10:00:00Z'));
    const id = await createSchedule({ every: '1m' }, clock.now(), policy);
    const planner = new SchedulePlanner(store, sink, 15_000, clock.now);
    // Up and planning until 10:00:50 (the 10:01 run is planned), then down until 10:07:01.
    for (; clock.now() < new Date('2027-04-01T10:00:55Z'); clock.advance(5_000)) await planner.planDue();
    expect(await occurrencesOf(id)).toEqual(['2027-04-01T10:01:00.000Z']);
    clock.set(Date.parse('2027-04-01T10:07:01Z'));
    await planner.planDue();
    const runs = (await db.query('select scheduled_for, fire_at from jobs where schedule_id = $1 and scheduled_for > $2 order by scheduled_for', [id, '2027-04-01T10:01:00Z'])).rows;
    const caughtUp = runs.filter((r) => r.fire_at.getTime() === clock.now().getTime());
    expect(caughtUp.map((r) => r.scheduled_for.toISOString())).toEqual(
      ['2027-04-01T10:02:00.000Z', '2027-04-01T10:03:00.000Z', '2027-04-01T10:04:00.000Z', '2027-04-01T10:05:00.000Z', '2027-04-01T10:06:00.000Z'].slice(5 - missed),
    );
    // 10:07 is one second late: within the grace, it runs as usual.
    expect(runs.at(-1)!.scheduled_for.toISOString()).toBe('2027-04-01T10:07:00.000Z');
    expect(runs.at(-1)!.fire_at.toISOString()).toBe('2027-04-01T10:07:00.000Z');
  });
});

describe('paused schedules', () => {
  it('create nothing however much time passes', async () => {
    const clock = clockAt(new Date('2027-05-01T00:00:00Z'));
    const id = await createSchedule({ every: '1s' }, clock.now(), 'ALL', true);
    const planner = new SchedulePlanner(store, sink, 15_000, clock.now);
    for (let i = 0; i < 20; i++, clock.advance(30_000)) await planner.planDue();
    expect(await occurrencesOf(id)).toEqual([]);
  });
});
