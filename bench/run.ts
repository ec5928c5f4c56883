/**
 * The benchmark as a function: starts a database, the receiver and Dispatch (each its own
 * process), runs the chosen phases one after another and returns every figure. Phases never
 * overlap, and jobs of one phase are never due during another. Every wait has a deadline:
 * a phase that cannot finish reports what it measured and says it is incomplete.
 */
import { mkdtemp } from 'node:fs/promises';
import { cpus, loadavg, totalmem, tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createAccount } from './account.js';
import { OWN_QUERY, openBenchDatabase, resetStatements, topStatements, type StatementCost } from './database.js';
import { profileClockUs, readProfile, summariseWindows, type TimeWindow, type WindowSummary } from './cpu-profile.js';
import type { BenchOptions, Phase } from './options.js';
import type { PhaseContext } from './phases/context.js';
import { runCreateThroughput, type CreateThroughputResult } from './phases/create-throughput.js';
import { runBurst, runSteady, type BurstResult, type SteadyResult } from './phases/firing-lateness.js';
import { runMixed, type MixedResult } from './phases/mixed.js';
import { runScale, type ScaleResult } from './phases/scale.js';
import { runSchedules, type SchedulesResult } from './phases/schedules.js';
import { runSubscriptions, type SubscriptionsResult } from './phases/subscriptions.js';
import { runSustained, type SustainedResult } from './phases/sustained.js';
import { NO_CPU, startCpuMeter, type CpuSpent } from './cpu-meter.js';
import { startHelper } from './ipc.js';
import type { OpenedMongo } from './mongodb-process.js';
import { cpuSeconds, treeCpuSeconds } from './procfs.js';
import { Receiver } from './receiver.js';
import { startBenchService, type BenchService } from './service.js';

/** One phase's figures, or why it has none, with what the service spent on it. */
export interface PhaseRun<T> {
  result?: T;
  error?: string;
  wallSeconds: number;
  /** CPU used during the phase by the service, the database and the receiver, seconds. */
  cpuSeconds: CpuSpent;
  /** The service's peak RSS during the phase (since its start when peaks cannot be reset), MB. */
  servicePeakRssMb: number | null;
}

/** A named stretch of a phase (creating its jobs, firing them) and what it cost. */
export interface Segment {
  name: string;
  /** Jobs the stretch handled (created, or fired): its costs per job divide by this. */
  jobs: number | null;
  wallMs: number;
  cpuSeconds: CpuSpent;
  /**
   * Transactions that wrote (transaction ids assigned) and WAL written on the database
   * server, whole cluster: exact at once, unlike the statistics views, which lag.
   */
  database: { writeTransactions: number; walBytes: number } | null;
  /** With a profile, where PostgreSQL spent its time (pg_stat_statements), most first. */
  statements?: StatementCost[];
}

export interface PhaseResults {
  rest: CreateThroughputResult;
  graphql: CreateThroughputResult;
  batch: CreateThroughputResult;
  steady: SteadyResult;
  mixed: MixedResult;
  burst: BurstResult;
  sustained: SustainedResult;
  subscriptions: SubscriptionsResult;
  schedules: SchedulesResult;
  scale: ScaleResult;
}

export interface BenchmarkResult {
  date: string;
  machine: {
    cpus: number; cpuModel: string; memoryGb: number; node: string; postgres: string; database: 'embedded' | 'DATABASE_URL';
    /** Where Agenda kept its window jobs; the emulator scans a whole collection per query: its figures are not a real MongoDB's. */
    agenda: 'PostgreSQL' | 'MongoDB (CongoDB emulator)' | 'MongoDB (MONGODB_URL)';
    /** 1-minute load average at the start and the end: other work on the machine shows here. */
    loadBefore: number; loadAfter: number | null;
  };
  /** The sizes this run used. */
  options: Omit<BenchOptions, 'log' | 'profileDir'>;
  phases: { [P in Phase]?: PhaseRun<PhaseResults[P]> };
  segments: Segment[];
  service: { peakRssMb: number | null; cpuSeconds: number | null; startupPeakRssMb: number | null; exitCode: number | null };
  /** Present when a CPU profile was recorded: the file and where time went per phase. */
  profile?: { file: string | undefined; windows: WindowSummary[] };
}

const RUNNERS: { [P in Phase]: (ctx: PhaseContext) => Promise<PhaseResults[P]> } = {
  rest: (ctx) => runCreateThroughput(ctx, 'rest'),
  graphql: (ctx) => runCreateThroughput(ctx, 'graphql'),
  batch: (ctx) => runCreateThroughput(ctx, 'batch'),
  steady: runSteady,
  mixed: runMixed,
  burst: runBurst,
  sustained: runSustained,
  subscriptions: runSubscriptions,
  schedules: runSchedules,
  scale: runScale,
};

/** Until a create phase has measured it: a rate the service reaches easily. */
const INITIAL_CREATE_RATE = 300;
/** Pause between phases, so one phase's last writes do not land in the next. */
const SETTLE_MS = 1_000;

const round2 = (value: number) => Math.round(value * 100) / 100;
const mb = (bytes: number | undefined) => (bytes === undefined || Number.isNaN(bytes) ? null : Math.round(bytes / 1024 / 1024));

export async function runBenchmark(options: BenchOptions): Promise<BenchmarkResult> {
  const log = options.log;
  const database = await openBenchDatabase({ statements: options.profile });
  const cleanups: Array<() => Promise<unknown>> = [() => database.dispose()];
  const result: BenchmarkResult = {
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(totalmem() / 2 ** 30),
      node: process.version, postgres: 'unknown', database: database.kind, agenda: 'PostgreSQL', loadBefore: round2(loadavg()[0]), loadAfter: null,
    },
    options: withoutProcessDetails(options),
    phases: {},
    segments: [],
    service: { peakRssMb: null, cpuSeconds: null, startupPeakRssMb: null, exitCode: null },
  };
  const windows: TimeWindow[] = [];
  let service: BenchService | undefined;
  let profileDir: string | undefined;
  try {
    const receiver = await Receiver.start();
    cleanups.unshift(() => receiver.stop());
    let mongodb: (OpenedMongo & { pid: number }) | undefined;
    if (options.agenda === 'mongo') {
      const helper = await startHelper('./mongodb-process.ts');
      cleanups.unshift(() => helper.stop());
      mongodb = { ...(await helper.call<OpenedMongo>('open', {}, 30_000)), pid: helper.pid };
      cleanups.unshift(() => helper.call('dispose', {}, 10_000));
      result.machine.agenda = mongodb.emulator ? 'MongoDB (CongoDB emulator)' : 'MongoDB (MONGODB_URL)';
      if (mongodb.emulator) log('Agenda on the CongoDB emulator, not MongoDB: every query scans its collection, so its figures are not a real MongoDB\'s');
    }
    if (options.profile) profileDir = options.profileDir ?? (await mkdtemp(path.join(tmpdir(), 'dispatch-bench-profile-')));
    log(`starting the service${profileDir ? ` (CPU profile into ${profileDir})` : ''}`);
    service = await startBenchService({ databaseUrl: database.url, mongodbUrl: mongodb?.url, nodeArgs: options.serviceNodeArgs, profileDir });
    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    cleanups.unshift(() => db.end());
    result.machine.postgres = (await db.query<{ server_version: string }>('show server_version')).rows[0].server_version;
    const account = await createAccount(service.url);
    // Firing-only processes beside the service (BENCH_WORKERS): their CPU counts as the service's.
    const workers: BenchService[] = [];
    cleanups.unshift(async () => {
      for (const worker of workers) await worker.stop();
    });
    for (let i = 0; i < options.workers; i++) {
      workers.push(await startBenchService({ databaseUrl: database.url, mongodbUrl: mongodb?.url, nodeArgs: options.serviceNodeArgs, role: 'worker' }));
    }
    if (workers.length > 0) log(`${workers.length} worker processes fire beside the service`);
    const workersCpu = () => workers.reduce((sum, worker) => sum + (worker.cpuSeconds() ?? 0), 0);

    // CPU of the service processes replaced by restarts, so that the count goes on across them.
    let replacedCpu = 0;
    let replacedMainThreadCpu = 0;
    const cpuNow = (): CpuSpent => ({
      service: ((now) => (now === null ? null : replacedCpu + now + workersCpu()))(ctx.service.cpuSeconds()),
      serviceMainThread: ((now) => (now === null ? null : replacedMainThreadCpu + now))(ctx.service.mainThreadCpuSeconds()),
      database: database.serverPid === undefined ? null : treeCpuSeconds(database.serverPid),
      receiver: cpuSeconds(receiver.pid),
      mongodb: mongodb?.emulator ? cpuSeconds(mongodb.pid) : null,
    });
    let overallPeak = service.memory()?.peakRssBytes;
    result.service.startupPeakRssMb = mb(overallPeak);
    const ctx: PhaseContext = {
      options, service, account, receiver, db, createRate: INITIAL_CREATE_RATE, log,
      async restartService(downtimeMs) {
        // The old process's CPU is read before it stops (its shutdown is not counted); its memory ends with it.
        replacedCpu += ctx.service.cpuSeconds() ?? 0;
        replacedMainThreadCpu += ctx.service.mainThreadCpuSeconds() ?? 0;
        const stopped = await ctx.service.stop();
        if (stopped.exitCode !== 0) throw new Error(`service did not stop cleanly (${ctx.service.ended()})`);
        await new Promise((r) => setTimeout(r, downtimeMs));
        const startedAt = Date.now();
        service = ctx.service = await startBenchService({ databaseUrl: database.url, nodeArgs: options.serviceNodeArgs });
        return { startedAt, healthyAt: Date.now() };
      },
      async segment(name) {
        if (database.statements) await resetStatements(db);
        const writesBefore = await databaseWrites(db);
        const startUs = profileClockUs();
        const spent = startCpuMeter(cpuNow);
        return async (jobs?: number) => {
          const endUs = profileClockUs();
          const cpu = spent();
          const writesAfter = await databaseWrites(db);
          const statements = database.statements ? await topStatements(db) : undefined;
          windows.push({ name, startUs, endUs });
          result.segments.push({
            name, jobs: jobs ?? null, wallMs: Math.round((endUs - startUs) / 1000), cpuSeconds: cpu,
            database: writesBefore && writesAfter ? {
              writeTransactions: writesAfter.xid - writesBefore.xid,
              walBytes: writesAfter.wal - writesBefore.wal,
            } : null,
            ...(statements ? { statements } : {}),
          });
        };
      },
    };

    for (const phase of options.only) {
      if (!service.running()) {
        // Something other than the benchmark may have stopped it (a signal from outside shows as its own shutdown in the output).
        result.phases[phase] = { error: `service not running (${service.ended()})`, wallSeconds: 0, cpuSeconds: { ...NO_CPU }, servicePeakRssMb: null };
        continue;
      }
      log(`phase ${phase}`);
      const perPhasePeak = service.resetPeak();
      const spent = startCpuMeter(cpuNow);
      const started = Date.now();
      const run: PhaseRun<unknown> = { wallSeconds: 0, cpuSeconds: { ...NO_CPU }, servicePeakRssMb: null };
      try {
        run.result = await RUNNERS[phase](ctx);
      } catch (error) {
        run.error = error instanceof Error ? error.message : String(error);
        log(`phase ${phase} failed: ${run.error}`);
      }
      run.wallSeconds = Math.round((Date.now() - started) / 100) / 10;
      run.cpuSeconds = spent();
      const peak = service.memory()?.peakRssBytes;
      run.servicePeakRssMb = mb(peak);
      if (!perPhasePeak) run.servicePeakRssMb = null;
      if (peak !== undefined && (overallPeak === undefined || peak > overallPeak)) overallPeak = peak;
      (result.phases as Record<Phase, PhaseRun<unknown>>)[phase] = run;
      await new Promise((r) => setTimeout(r, SETTLE_MS));
    }
    result.service.peakRssMb = mb(overallPeak);
    result.machine.loadAfter = round2(loadavg()[0]);
    result.service.cpuSeconds = cpuNow().service;
  } finally {
    if (service) {
      const stopped = await service.stop();
      result.service.exitCode = stopped.exitCode;
      if (stopped.exitCode !== 0) log(`service ended with ${service.ended()}; its last output:\n${service.output().trim().split('\n').slice(-10).join('\n')}`);
      if (profileDir) {
        result.profile = { file: stopped.profilePath, windows: stopped.profilePath ? summariseWindows(await readProfile(stopped.profilePath), windows) : [] };
      }
    }
    for (const cleanup of cleanups) await cleanup().catch((error) => log(`cleanup failed: ${error}`));
  }
  return result;
}

/** The next transaction id and the WAL position: their growth is the server's write work. */
async function databaseWrites(db: pg.Client): Promise<{ xid: number; wal: number } | null> {
  try {
    const { rows } = await db.query<{ xid: string; wal: string }>(
      `select ${OWN_QUERY} pg_snapshot_xmax(pg_current_snapshot())::text as xid, (pg_current_wal_lsn() - '0/0'::pg_lsn)::text as wal`,
    );
    return { xid: Number(rows[0].xid), wal: Number(rows[0].wal) };
  } catch {
    // Not allowed on a replica, or by a restricted role: the figures are only extra.
    return null;
  }
}

function withoutProcessDetails(options: BenchOptions): Omit<BenchOptions, 'log' | 'profileDir'> {
  const { log: _log, profileDir: _profileDir, ...sizes } = options;
  return sizes;
}

/** Phases that failed or could not finish, with why; empty when every phase completed. */
export function incompletePhases(result: BenchmarkResult): string[] {
  const problems: string[] = [];
  for (const [phase, run] of Object.entries(result.phases)) {
    if (run.error) problems.push(`${phase}: ${run.error}`);
    else if (run.result && 'complete' in run.result && !run.result.complete) problems.push(`${phase}: incomplete`);
    else if (run.result && 'failed' in run.result && run.result.failed > 0) problems.push(`${phase}: ${run.result.failed} requests failed`);
  }
  return problems;
}

