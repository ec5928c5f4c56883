/**
 * What Agenda's own recurring machinery gives for "10,000 schedules every minute": 10,000
 * Agenda jobs, each `repeatEvery('* * * * *')`, on the PostgreSQL backend, run by one Agenda
 * process with the peer harness's tuned settings (processEvery 500 ms, maxConcurrency 100).
 * Each handler only notes when it started (no HTTP): the figure is how late Agenda starts a
 * recurring job after its minute, and whether every occurrence ran once.
 *
 *   npx tsx bench/experiments/agenda-recurring.ts      (AGENDA_JOBS=10000 AGENDA_MINUTES=2)
 *
 * It measures the road not taken (docs/scheduling.md "Recurring schedules"); Dispatch's own
 * figures come from `npm run bench` (the schedules phase).
 */
import { PostgresBackend } from '@agendajs/postgres-backend';
import { Agenda } from 'agenda';
import pg from 'pg';
import { summarise } from '../stats.js';
import { openBenchDatabase } from '../database.js';

const jobs = Number(process.env.AGENDA_JOBS ?? 10_000);
const minutes = Number(process.env.AGENDA_MINUTES ?? 2);
const log = (line: string) => process.stderr.write(`[agenda-recurring ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

const database = await openBenchDatabase();
const pool = new pg.Pool({ connectionString: database.url, max: 20 });
pool.on('error', () => undefined);
const agenda = new Agenda({ backend: new PostgresBackend({ pool }), processEvery: 500, maxConcurrency: 100 });
const started = new Map<string, number[]>();
agenda.define<{ i: number }>('tick', async (job) => {
  const at = Date.now();
  const key = String(job.attrs.data.i);
  started.set(key, [...(started.get(key) ?? []), at]);
}, { concurrency: 100 });
await agenda.start();

log(`creating ${jobs} recurring jobs`);
const createdAt = Date.now();
for (let i = 0; i < jobs; i += 100) {
  await Promise.all(Array.from({ length: Math.min(100, jobs - i) }, (_, k) =>
    agenda.create('tick', { i: i + k }).repeatEvery('* * * * *', { skipImmediate: true }).unique({ 'data.i': i + k }).save()));
}
log(`created in ${Date.now() - createdAt} ms`);

// Measure the first minute that starts at least 10 s after creation, then `minutes` of them.
const first = Math.ceil((Date.now() + 10_000) / 60_000) * 60_000;
const until = first + minutes * 60_000 + 60_000;
await new Promise((r) => setTimeout(r, until - Date.now()));
await agenda.stop();

const lateness: number[] = [];
let missing = 0;
let doubled = 0;
for (let m = 0; m < minutes; m++) {
  const minute = first + m * 60_000;
  for (let i = 0; i < jobs; i++) {
    const runs = (started.get(String(i)) ?? []).filter((at) => at >= minute && at < minute + 60_000);
    if (runs.length === 0) missing++;
    if (runs.length > 1) doubled++;
    if (runs.length > 0) lateness.push(runs[0] - minute);
  }
}
const result = { jobs, minutes, expected: jobs * minutes, ran: lateness.length, missing, doubled, lateness: summarise(lateness) };
process.stdout.write(`${JSON.stringify(result)}\n`);
await pool.end();
await database.dispose();
