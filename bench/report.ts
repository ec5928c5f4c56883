/** The benchmark's output: one Markdown row per measure against its target, and a JSON line. */
import type { BenchmarkResult, PhaseRun, Segment } from './run.js';
import type { Summary } from './stats.js';

export interface ReportRow {
  measure: string;
  target: string;
  result: string;
  /** null: no target, or nothing measured. */
  met: boolean | null;
}

/** The targets of docs/performance.md. */
export const TARGETS = {
  restPerSecond: 2_000,
  restP99Ms: 25,
  batchJobsPerSecond: 25_000,
  steadyP50Ms: 5,
  steadyP99Ms: 50,
  /** Creation overlapping firing at 500/s. */
  mixedP50Ms: 5,
  mixedP99Ms: 25,
  mixedMaxMs: 100,
  /** Steady firing, per fired job. */
  fireServiceCpuMs: 0.4,
  fireDatabaseCpuMs: 0.4,
  fireWriteTransactions: 1.5,
  burstAllArrivedMs: 2_000,
  deliveriesPerSecond: 1_000,
  subscriptionP99Ms: 50,
  /** Schedule runs fire inside the one-off targets: a burst's, since they all fall due at once. */
  scheduleAllArrivedMs: 2_500,
  restartHealthyMs: 10_000,
  /** Scale: every read at 5,000,000 jobs, /metrics too. */
  scaleReadP95Ms: 50,
  /** Scale: create p99 with the big project within this factor of the empty one's. */
  scaleCreateP99Factor: 1.2,
  /** Scale: firing lateness p99 "unchanged" by the data, and by a purge running meanwhile: within this factor. */
  scaleLatenessP99Factor: 1.2,
  purgePerSecond: 20_000,
  peakRssMb: 250,
} as const;

const n = (value: number | null | undefined) => (value === null || value === undefined ? '–' : value.toLocaleString('en-US'));
const ms = (value: number | null | undefined) => `${n(value)} ms`;
const lateness = (s: Summary) => `p50 ${ms(s.p50)}, p99 ${ms(s.p99)}, max ${ms(s.max)}`;
const within = (value: number | null | undefined, limit: number) => value !== null && value !== undefined && value <= limit;

/** A row for a phase that ran but has no figures: why. */
function failedRow<T>(run: PhaseRun<T>, measure: string, target: string): ReportRow | undefined {
  return run.result ? undefined : { measure, target, result: `failed: ${run.error}`, met: false };
}

export function reportRows(r: BenchmarkResult): ReportRow[] {
  const rows: ReportRow[] = [];
  const { rest, graphql, batch, steady, mixed, burst, sustained, subscriptions, schedules, scale } = r.phases;
  const push = (row: ReportRow) => rows.push(row);

  for (const [run, label, target] of [
    [rest, 'REST `POST /api/v1/jobs`', `≥ ${n(TARGETS.restPerSecond)} req/s, p99 ≤ ${TARGETS.restP99Ms} ms`],
    [graphql, 'GraphQL `scheduleJob`', 'none set'],
    [batch, 'REST `POST /api/v1/jobs/batch`', `≥ ${n(TARGETS.batchJobsPerSecond)} jobs/s`],
  ] as const) {
    if (!run) continue;
    const row = failedRow(run, label, target);
    if (row) {
      push(row);
      continue;
    }
    const x = run.result!;
    const failed = x.failed ? ` (${n(x.failed)} failed)` : '';
    const batched = x.jobsPerRequest > 1;
    push({
      measure: `${label}, concurrency ${n(batched ? r.options.batchConcurrency : r.options.concurrency)}, ${n(x.requests)} requests${batched ? ` of ${n(x.jobsPerRequest)} jobs` : ''}`,
      target,
      result: `${n(x.perSecond)} ${batched ? 'jobs' : 'req'}/s, p50 ${ms(x.p50Ms)}, p99 ${ms(x.p99Ms)}${failed}`,
      met: batched
        ? x.perSecond >= TARGETS.batchJobsPerSecond && x.failed === 0
        : label.startsWith('REST') ? x.perSecond >= TARGETS.restPerSecond && x.p99Ms <= TARGETS.restP99Ms && x.failed === 0 : null,
    });
  }

  if (steady) {
    const target = `p50 ≤ ${TARGETS.steadyP50Ms} ms, p99 ≤ ${TARGETS.steadyP99Ms} ms`;
    const row = failedRow(steady, 'steady firing, lateness', target);
    if (row) push(row);
    else {
      const x = steady.result!;
      push({
        measure: `steady ${n(x.rate)} jobs/s for ${x.seconds} s, lateness (arrival − fireAt)`,
        target,
        result: `${lateness(x.lateness)} (${n(x.delivered)} of ${n(x.created)} arrived)`,
        met: x.complete && within(x.lateness.p50, TARGETS.steadyP50Ms) && within(x.lateness.p99, TARGETS.steadyP99Ms),
      });
    }
  }

  const fire = r.segments.find((segment) => segment.name === 'steady: fire');
  if (fire?.jobs) {
    const per = (value: number | null | undefined, scale = 1) => (value === null || value === undefined ? null : (value * scale) / fire.jobs!);
    const service = per(fire.cpuSeconds.service, 1000);
    const database = per(fire.cpuSeconds.database, 1000);
    const writes = per(fire.database?.writeTransactions);
    const shown = (value: number | null, unit: string) => (value === null ? 'not measured' : `${value.toFixed(3)}${unit}`);
    push({
      measure: `steady firing, cost per fired job (${n(fire.jobs)} jobs)`,
      target: `service ≤ ${TARGETS.fireServiceCpuMs} ms CPU, PostgreSQL ≤ ${TARGETS.fireDatabaseCpuMs} ms CPU, ≤ ${TARGETS.fireWriteTransactions} write transactions`,
      result: `service ${shown(service, ' ms')}, PostgreSQL ${shown(database, ' ms')}, ${shown(writes, ' write transactions')}, ${fire.database ? n(Math.round(fire.database.walBytes / fire.jobs)) : '–'} WAL bytes`,
      met: service !== null && database !== null && writes !== null
        ? service <= TARGETS.fireServiceCpuMs && database <= TARGETS.fireDatabaseCpuMs && writes <= TARGETS.fireWriteTransactions
        : null,
    });
  }

  if (mixed) {
    const target = `p50 ≤ ${TARGETS.mixedP50Ms} ms, p99 ≤ ${TARGETS.mixedP99Ms} ms, max ≤ ${TARGETS.mixedMaxMs} ms`;
    const row = failedRow(mixed, 'mixed', target);
    if (row) push(row);
    else {
      const x = mixed.result!;
      push({
        measure: `mixed: ${n(x.rate)} jobs/s created for ${x.seconds} s, each ${n(x.leadMs / 1000)} s before due (creation overlaps firing), lateness`,
        target,
        result: `${lateness(x.lateness)} (${n(x.delivered)} of ${n(x.created)} arrived; creates p99 ${ms(x.createP99Ms)}, shortest lead ${ms(x.minimumLeadMs)})`,
        met: x.complete && within(x.lateness.p50, TARGETS.mixedP50Ms) && within(x.lateness.p99, TARGETS.mixedP99Ms) && within(x.lateness.max, TARGETS.mixedMaxMs),
      });
    }
  }

  if (burst) {
    const target = `all ≤ ${n(TARGETS.burstAllArrivedMs)} ms after fireAt`;
    const row = failedRow(burst, 'burst', target);
    if (row) push(row);
    else {
      const x = burst.result!;
      const all = x.allArrivedAfterMs === null ? `not all arrived: ${n(x.delivered)} of ${n(x.created)}` : `all ${n(x.delivered)} arrived ${ms(x.allArrivedAfterMs)} after fireAt`;
      push({
        measure: `burst: ${n(x.jobs)} due at one instant, created ≥ ${n(Math.round(x.createdAheadMs / 1000))} s ahead`,
        target,
        result: `${all}; lateness p50 ${ms(x.lateness.p50)}, p99 ${ms(x.lateness.p99)}`,
        met: x.complete && within(x.allArrivedAfterMs, TARGETS.burstAllArrivedMs),
      });
    }
  }

  if (sustained) {
    const target = `≥ ${n(TARGETS.deliveriesPerSecond)} deliveries/s`;
    const row = failedRow(sustained, 'sustained deliveries', target);
    if (row) push(row);
    else {
      const x = sustained.result!;
      push({
        measure: `sustained: ${n(x.offeredRate)} jobs/s offered for ${x.seconds} s, receiver answers in ${x.receiverDelayMs} ms`,
        target,
        result: `${x.keptUp ? '≥ ' : ''}${n(x.deliveriesPerSecond)} deliveries/s (${n(x.completed)} of ${n(x.created)} completed, last ${ms(x.lastCompletedAfterMs)} after its fireAt${x.keptUp ? '; kept pace with the offer' : ''})`,
        met: x.complete && (x.deliveriesPerSecond ?? 0) >= TARGETS.deliveriesPerSecond,
      });
    }
  }

  if (subscriptions) {
    const target = `p99 ≤ ${TARGETS.subscriptionP99Ms} ms with 1,000 subscribers`;
    const row = failedRow(subscriptions, 'subscription events', target);
    if (row) push(row);
    else {
      const x = subscriptions.result!;
      const parts = Object.entries(x.byStatus).map(([status, s]) => `${status} p99 ${ms(s.p99)}`).join(', ');
      push({
        measure: `subscriptions: ${n(x.connected)} subscribers, ${n(x.created)} jobs one every ${n(r.options.subscriptionIntervalMs)} ms, event at client − transition \`at\``,
        target,
        result: `p50 ${ms(x.latency.p50)}, p99 ${ms(x.latency.p99)}, max ${ms(x.latency.max)} (${parts}; ${n(x.received)} of ${n(x.expected)} events)`,
        met: x.complete && x.connected >= 1_000 && within(x.latency.p99, TARGETS.subscriptionP99Ms),
      });
    }
  }

  if (schedules) {
    const target = `p99 ≤ ${n(TARGETS.scheduleAllArrivedMs)} ms (as a burst); restart healthy ≤ ${n(TARGETS.restartHealthyMs / 1000)} s`;
    const row = failedRow(schedules, 'schedules', target);
    if (row) push(row);
    else {
      const x = schedules.result!;
      const restart = x.restart
        ? `; restart: healthy ${ms(x.restart.healthyAfterMs)} after start, ${n(x.restart.caughtUp)} missed runs caught up, the last ${ms(x.restart.allCaughtUpAfterMs)} after healthy`
        : '';
      push({
        measure: `schedules: ${n(x.firing)} on "${x.cron}" among ${n(x.total)}, ${x.occurrences} occurrences, lateness (arrival − scheduledFor)`,
        target,
        result: `${lateness(x.lateness)} (${n(x.delivered)} of ${n(x.runs)} runs arrived, ${n(x.duplicates)} occurrences doubled)${restart}`,
        met: x.complete && within(x.lateness.p99, TARGETS.scheduleAllArrivedMs) && (!x.restart || within(x.restart.healthyAfterMs, TARGETS.restartHealthyMs)),
      });
    }
  }

  if (scale) {
    const row = failedRow(scale, 'scale', `reads p95 ≤ ${TARGETS.scaleReadP95Ms} ms`);
    if (row) push(row);
    else {
      const x = scale.result!;
      const size = `${n(x.jobs)} jobs, ${n(x.attempts)} attempts`;
      for (const read of x.reads) {
        push({ measure: `scale (${size}): ${read.name}`, target: `p95 ≤ ${TARGETS.scaleReadP95Ms} ms`, result: `p50 ${ms(read.p50)}, p95 ${ms(read.p95)}, max ${ms(read.max)}`, met: read.failed === 0 && within(read.p95, TARGETS.scaleReadP95Ms) });
      }
      push({
        measure: `scale: REST create p99, empty project → ${size}`,
        target: `within ×${TARGETS.scaleCreateP99Factor}`,
        result: `${ms(x.create.before.p99Ms)} → ${ms(x.create.after.p99Ms)} (${n(x.create.before.perSecond)} → ${n(x.create.after.perSecond)} req/s)`,
        met: x.create.after.p99Ms <= x.create.before.p99Ms * TARGETS.scaleCreateP99Factor,
      });
      push({ measure: 'scale: disk per million jobs (jobs and attempts, with indexes)', target: 'none set', result: `${n(x.diskMbPerMillionJobs)} MB`, met: null });
      push({ measure: 'scale: restart, to /healthz 200', target: `≤ ${n(TARGETS.restartHealthyMs / 1000)} s`, result: ms(x.restart.healthyAfterMs), met: x.restart.healthyAfterMs <= TARGETS.restartHealthyMs });
      const f = x.firing;
      push({
        measure: 'scale: 500 jobs due together, lateness p99 (empty → big → first round after the restart → while purging)',
        target: `unchanged (big within ×${TARGETS.scaleLatenessP99Factor} of empty, purging within ×${TARGETS.scaleLatenessP99Factor} of big)`,
        result: `${ms(f.before.p99)} → ${ms(f.after.p99)} → ${ms(f.afterRestart.p99)} → ${ms(f.duringPurge.p99)}${f.purgeOverlapped ? '' : ' (the purge ended before these arrived)'}`,
        met: f.purgeOverlapped && within(f.after.p99, (f.before.p99 ?? 0) * TARGETS.scaleLatenessP99Factor) && within(f.duringPurge.p99, (f.after.p99 ?? 0) * TARGETS.scaleLatenessP99Factor),
      });
      push({ measure: 'scale: retention purge', target: `≥ ${n(TARGETS.purgePerSecond)} jobs/s`, result: `${n(x.purge.deleted)} jobs in ${x.purge.seconds} s: ${n(x.purge.perSecond)}/s`, met: x.purge.perSecond >= TARGETS.purgePerSecond });
    }
  }

  push({
    measure: 'peak RSS of the service (VmHWM)',
    target: `≤ ${TARGETS.peakRssMb} MB`,
    result: r.service.peakRssMb === null ? 'not measured' : `${n(r.service.peakRssMb)} MB`,
    met: r.service.peakRssMb === null ? null : r.service.peakRssMb <= TARGETS.peakRssMb,
  });
  return rows;
}

export function markdownTable(rows: ReportRow[]): string {
  const met = (value: boolean | null) => (value === null ? '–' : value ? 'yes' : 'no');
  return ['| measure | target | result | met? |', '|---|---|---|---|', ...rows.map((row) => `| ${row.measure} | ${row.target} | ${row.result} | ${met(row.met)} |`)].join('\n');
}

/** Everything measured, on one line (the profile's per-function and per-statement detail stays in the Markdown). */
export function jsonLine(r: BenchmarkResult): string {
  const { profile, segments, ...rest } = r;
  return JSON.stringify({
    ...rest,
    segments: segments.map(({ statements: _statements, ...segment }) => segment),
    ...(profile ? { profile: { windows: profile.windows.map(({ name, wallMs, busyMs }) => ({ name, wallMs, busyMs })) } } : {}),
  });
}

/** Per stretch, the statements PostgreSQL spent most time on (present with a profile). */
export function statementsMarkdown(r: BenchmarkResult): string {
  return r.segments
    .filter((segment) => segment.statements?.length)
    .map((segment) => [
      `#### ${segment.name}: PostgreSQL statements by total time`,
      '| statement | calls | total | mean | rows |',
      '|---|---|---|---|---|',
      ...segment.statements!.map((s) => `| \`${s.query.replaceAll('|', '\\|')}\` | ${n(s.calls)} | ${n(s.totalMs)} ms | ${s.meanMs} ms | ${n(s.rows)} |`),
    ].join('\n'))
    .join('\n\n');
}

/**
 * What each stretch of each phase cost, per job first (what does not drift between
 * machines): service and PostgreSQL CPU-ms, write transactions and WAL bytes per job; then
 * the totals, with the MongoDB emulator's and the receiver's CPU. The service's main thread
 * is shown apart: it is the one that cannot use a second core, and a CPU profile's busy time
 * covers only part of it.
 */
export function segmentsTable(r: BenchmarkResult): string {
  const s = (value: number | null) => (value === null ? '–' : `${value} s`);
  const perJob = (g: Segment, value: number | null | undefined, digits: number, scale = 1) =>
    value === null || value === undefined || !g.jobs ? '–' : ((value * scale) / g.jobs).toFixed(digits);
  return [
    '| stretch | jobs | service CPU ms/job | of which main thread | PostgreSQL CPU ms/job | write tx/job | WAL bytes/job | wall | service CPU | PostgreSQL CPU | MongoDB emulator CPU | receiver CPU | write transactions | WAL |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...r.segments.map((g) => [
      g.name, g.jobs === null ? '–' : n(g.jobs),
      perJob(g, g.cpuSeconds.service, 3, 1000), perJob(g, g.cpuSeconds.serviceMainThread, 3, 1000), perJob(g, g.cpuSeconds.database, 3, 1000), perJob(g, g.database?.writeTransactions, 2), perJob(g, g.database?.walBytes, 0),
      `${(g.wallMs / 1000).toFixed(1)} s`, s(g.cpuSeconds.service), s(g.cpuSeconds.database), s(g.cpuSeconds.mongodb), s(g.cpuSeconds.receiver),
      g.database ? n(g.database.writeTransactions) : '–', g.database ? `${(g.database.walBytes / 2 ** 20).toFixed(1)} MB` : '–',
    ].join(' | ')).map((row) => `| ${row} |`),
  ].join('\n');
}
