/**
 * `npm run bench`: Dispatch's benchmark (docs/performance.md). It starts a PostgreSQL (a
 * fresh database on DATABASE_URL's server, or an embedded one in a temporary directory),
 * a loopback receiver and Dispatch, each as its own process, and measures:
 *   rest           POST /api/v1/jobs at concurrency 32 (autocannon): req/s, p50/p99
 *   graphql        the same with the scheduleJob mutation
 *   batch          POST /api/v1/jobs/batch, 500 jobs a request at concurrency 4: jobs/s
 *   steady         500 jobs/s due over 20 s: lateness (receiver arrival − fireAt)
 *   burst          10,000 jobs due at one instant, created ≥ 30 s ahead: time until all arrived
 *   sustained      3,000 jobs/s offered for 10 s to a receiver answering in 50 ms: deliveries/s
 *   subscriptions  1,000 graphql-ws subscribers on one project: event latency
 *   schedules      10,000 every-minute schedules among 100,000: run lateness over two minutes,
 *                  then a restart that misses one occurrence (caught up, LATEST)
 *   scale          (only with BENCH_ONLY=scale) 5,000,000 jobs and about 6,000,000 attempts in one
 *                  project: every read's p50/p95, create and firing against the empty project,
 *                  /metrics, a restart, and retention purging a fifth of the jobs while 500 fire
 * and the service's peak RSS. Prints a Markdown table of results against the targets, one
 * of the CPU each process used per stretch of each phase, and then one JSON line.
 *
 * Sizes (environment; durations as 500ms, 10s, 2m or plain milliseconds):
 *   BENCH_ONLY                  comma-separated phases to run (default: all, in the order above)
 *   BENCH_AGENDA                postgres (default) or mongo: Agenda's window jobs in MongoDB, MONGODB_URL's
 *                               server when set, else the CongoDB emulator (full scans: not MongoDB's figures)
 *   BENCH_CONCURRENCY           callers for every create load (32)
 *   BENCH_DURATION              seconds of each create-throughput run (10)
 *   BENCH_REQUESTS              fixed number of requests per create run instead of a duration
 *   BENCH_BATCH_SIZE            jobs per batch request (500)
 *   BENCH_BATCH_CONCURRENCY     concurrent batch callers (4)
 *   BENCH_CREATE_SPREAD         create-throughput jobs are due at random over this span, two days ahead (24h)
 *   BENCH_RATE, BENCH_SECONDS   steady firing: jobs due per second (500), seconds (20)
 *   BENCH_STEADY_LEAD           steady and sustained jobs are all created at least this long before the first is due (10s)
 *   BENCH_MIXED_RATE, BENCH_MIXED_SECONDS  mixed: jobs created per second, paced (500), for how long (20)
 *   BENCH_MIXED_LEAD            mixed: each is created this long before it is due (11s), so creation overlaps firing
 *   BENCH_BURST                 jobs due at one instant (10000)
 *   BENCH_BURST_LEAD            burst jobs are all created at least this long before they are due (30s)
 *   BENCH_SUSTAINED_RATE        jobs offered per second in the sustained phase (3000)
 *   BENCH_SUSTAINED_SECONDS     seconds of offered load (10)
 *   BENCH_RECEIVER_DELAY        how long the receiver takes to answer in the sustained phase (50ms)
 *   BENCH_SUBSCRIBERS           graphql-ws subscribers (1000)
 *   BENCH_SUBSCRIPTION_JOBS     jobs driven through their lifecycle while they listen (40)
 *   BENCH_SUBSCRIPTION_INTERVAL one such job created every (500ms)
 *   BENCH_SCHEDULES             schedules firing together on BENCH_SCHEDULE_CRON (10000, "* * * * *")
 *   BENCH_SCHEDULES_TOTAL       schedules in the database, the rest idle (100000)
 *   BENCH_SCHEDULE_OCCURRENCES  occurrences measured (2)
 *   BENCH_SCHEDULE_DOWNTIME     restart down at least this long (25s; 0: no restart)
 *   BENCH_SCALE_JOBS            jobs the scale phase seeds (5000000)
 *   BENCH_NODE_ARGS             extra node flags for the service, space-separated (e.g. V8 heap settings)
 *   BENCH_WORKERS               worker processes (ROLE=worker) firing beside the service on its database (0);
 *                               their CPU counts as the service's
 *   BENCH_PROFILE               1: CPU-profile the service (--cpu-prof) and print where its time went
 *                               per phase, with PostgreSQL's costliest statements (pg_stat_statements,
 *                               embedded server or one that preloads it); a path: keep the profile there
 * Exits 1 when a phase failed or could not finish (its partial figures are still printed).
 */
import { cpus, loadavg } from 'node:os';
import { optionsFromEnv } from './options.js';
import { profileMarkdown } from './cpu-profile.js';
import { jsonLine, markdownTable, reportRows, segmentsTable, statementsMarkdown } from './report.js';
import { incompletePhases, runBenchmark } from './run.js';

const log = (line: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
const options = optionsFromEnv(process.env, log);
const busy = () => loadavg()[0] > cpus().length / 2;
if (busy()) log(`the machine is busy (load ${loadavg()[0].toFixed(1)} on ${cpus().length} cores): expect disturbed figures`);
const result = await runBenchmark(options);
if (busy()) log(`the machine was busy at the end (load ${loadavg()[0].toFixed(1)} on ${cpus().length} cores)`);

const lines = [`Agenda's window jobs: ${result.machine.agenda}`, '', markdownTable(reportRows(result)), '', segmentsTable(result), ''];
if (result.profile) {
  lines.push(`CPU profile of the service${result.profile.file ? ` (${result.profile.file})` : ' (not written)'}:`, '', profileMarkdown(result.profile.windows), '');
  const statements = statementsMarkdown(result);
  if (statements) lines.push(statements, '');
}
lines.push(jsonLine(result));
process.stdout.write(`${lines.join('\n')}\n`);

const problems = incompletePhases(result);
if (problems.length) {
  log(`incomplete: ${problems.join('; ')}`);
  process.exitCode = 1;
}
