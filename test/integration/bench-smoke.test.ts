/**
 * The benchmark at a tiny scale: every phase runs against a real service process and
 * produces figures, every job is delivered and every subscriber gets every event. No
 * timing is asserted (this machine's speed is not under test here); the CPU profile is
 * recorded and summarised so that path stays working too.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { DEFAULT_OPTIONS, DEFAULT_PHASES, type BenchOptions } from '../../bench/options.js';
import { jsonLine, markdownTable, reportRows, segmentsTable } from '../../bench/report.js';
import { incompletePhases, runBenchmark } from '../../bench/run.js';

let profileDir = '';
afterAll(async () => {
  if (profileDir) await rm(profileDir, { recursive: true, force: true });
});

it('runs every phase at a tiny scale and accounts for every job and event', async () => {
  profileDir = await mkdtemp(path.join(tmpdir(), 'dispatch-bench-smoke-'));
  const lines: string[] = [];
  const options: BenchOptions = {
    ...DEFAULT_OPTIONS,
    concurrency: 4,
    createRequests: 40,
    batchSize: 10,
    batchConcurrency: 2,
    steadyRate: 20,
    steadyDurationMs: 1_000,
    steadyLeadMs: 1_000,
    mixedRate: 20,
    mixedDurationMs: 1_000,
    mixedLeadMs: 1_500,
    burstJobs: 30,
    burstLeadMs: 3_000,
    sustainedRate: 20,
    sustainedDurationMs: 1_000,
    receiverDelayMs: 50,
    subscribers: 5,
    subscriptionJobs: 4,
    subscriptionIntervalMs: 100,
    scheduleCount: 5,
    scheduleTotal: 50,
    scheduleCron: '*/2 * * * * *',
    scheduleOccurrences: 2,
    scheduleDowntimeMs: 0,
    profile: true,
    profileDir,
    log: (line) => lines.push(line),
  };

  const result = await runBenchmark(options);

  expect(incompletePhases(result), lines.join('\n')).toEqual([]);
  expect(Object.keys(result.phases)).toEqual([...DEFAULT_PHASES]);
  const { rest, graphql, batch, steady, mixed, burst, sustained, subscriptions, schedules } = result.phases;

  expect(batch!.result).toMatchObject({ requests: 40, jobsPerRequest: 10, failed: 0 });
  for (const create of [rest!.result!, graphql!.result!]) {
    expect(create).toMatchObject({ requests: 40, jobsPerRequest: 1, failed: 0 });
    expect(create.perSecond).toBeGreaterThan(0);
    expect(create.p99Ms).toBeGreaterThanOrEqual(create.p50Ms);
  }
  expect(steady!.result).toMatchObject({ jobs: 20, created: 20, delivered: 20, repeats: 0, complete: true, lateness: { count: 20 } });
  expect(mixed!.result).toMatchObject({ rate: 20, jobs: 20, created: 20, delivered: 20, repeats: 0, complete: true, lateness: { count: 20 } });
  expect(mixed!.result!.minimumLeadMs).toBeGreaterThan(0);
  expect(burst!.result).toMatchObject({ jobs: 30, created: 30, delivered: 30, repeats: 0, complete: true, lateness: { count: 30 } });
  expect(burst!.result!.allArrivedAfterMs).toEqual(expect.any(Number));
  expect(sustained!.result).toMatchObject({ jobs: 20, created: 20, completed: 20, repeats: 0, complete: true });
  expect(sustained!.result!.deliveriesPerSecond).toBeGreaterThan(0);
  expect(subscriptions!.result).toMatchObject({ connected: 5, jobs: 4, expected: 4 * 3 * 5, received: 4 * 3 * 5, complete: true });
  expect(Object.keys(subscriptions!.result!.byStatus)).toEqual(['SCHEDULED', 'FIRING', 'SUCCESS']);
  expect(schedules!.result).toMatchObject({ firing: 5, total: 50, occurrences: 2, runs: 10, delivered: 10, duplicates: 0, restart: null, complete: true });

  for (const run of Object.values(result.phases)) {
    expect(run.cpuSeconds.service).toBeGreaterThanOrEqual(0);
    expect(run.cpuSeconds.receiver).toBeGreaterThanOrEqual(0);
    expect(run.servicePeakRssMb).toBeGreaterThan(0);
  }
  expect(result.service.peakRssMb).toBeGreaterThan(0);

  const segments = ['rest create', 'graphql create', 'batch create', 'steady: create', 'steady: fire', 'mixed: create and fire', 'burst: create', 'burst: fire', 'sustained: create', 'sustained: fire', 'subscriptions: driving jobs', 'schedules: create', 'schedules: fire'];
  expect(result.segments.map((s) => s.name)).toEqual(segments);
  for (const segment of result.segments) {
    expect(segment.cpuSeconds.service).toBeGreaterThanOrEqual(0);
    // The main thread is part of the service (to the 0.1 s each figure is rounded to).
    expect(segment.cpuSeconds.serviceMainThread, segment.name).toBeGreaterThanOrEqual(0);
    expect(segment.cpuSeconds.serviceMainThread!, segment.name).toBeLessThanOrEqual(segment.cpuSeconds.service! + 0.1);
    expect(segment.database!.writeTransactions).toBeGreaterThan(0);
    // Every stretch says how many jobs it handled, so its costs are also given per job.
    expect(segment.jobs, segment.name).toBeGreaterThan(0);
  }
  expect(result.segments.find((s) => s.name === 'batch create')!.jobs).toBe(400);
  expect(result.segments.find((s) => s.name === 'steady: fire')!.jobs).toBe(20);
  expect(result.profile!.windows.map((w) => w.name)).toEqual(segments);
  expect(result.profile!.windows.find((w) => w.name === 'rest create')!.functions.length).toBeGreaterThan(0);

  const table = markdownTable(reportRows(result));
  // One row per measure: three creates, steady, its cost per job, mixed, burst, sustained, subscriptions, schedules, RSS.
  expect(table.split('\n')).toHaveLength(2 + 11);
  expect(segmentsTable(result)).toContain('service CPU ms/job | of which main thread |');
  expect(JSON.parse(jsonLine(result))).toMatchObject({ machine: { cpus: expect.any(Number) }, phases: { burst: { result: { jobs: 30 } } } });
}, 180_000);

it('BENCH_AGENDA=mongo: firing with Agenda on MongoDB delivers every job once', async () => {
  const lines: string[] = [];
  const result = await runBenchmark({
    ...DEFAULT_OPTIONS,
    agenda: 'mongo',
    only: ['burst'],
    // A lead beyond the claim lead (2 s): the jobs are claimed through their window job in MongoDB.
    burstJobs: 30,
    burstLeadMs: 4_000,
    log: (line) => lines.push(line),
  });

  expect(incompletePhases(result), lines.join('\n')).toEqual([]);
  const emulator = !process.env.MONGODB_URL;
  expect(result.machine.agenda).toBe(emulator ? 'MongoDB (CongoDB emulator)' : 'MongoDB (MONGODB_URL)');
  expect(result.phases.burst!.result).toMatchObject({ jobs: 30, delivered: 30, repeats: 0, complete: true });
  for (const segment of result.segments) {
    if (emulator) expect(segment.cpuSeconds.mongodb).toBeGreaterThanOrEqual(0);
    else expect(segment.cpuSeconds.mongodb).toBeNull();
  }
}, 120_000);

it('the scale phase, small: every read answers, the data is seeded and retention deletes a fifth of it', async () => {
  // Jobs seeded straight into the tables (the phase also creates some through the API).
  const SEEDED = 4_000;
  const lines: string[] = [];
  const result = await runBenchmark({ ...DEFAULT_OPTIONS, only: ['scale'], scaleJobs: SEEDED, log: (line) => lines.push(line) });
  expect(incompletePhases(result), lines.join('\n')).toEqual([]);
  const scale = result.phases.scale!.result!;
  expect(scale.jobs).toBeGreaterThanOrEqual(SEEDED);
  expect(scale.attempts).toBeGreaterThan(SEEDED);
  expect(scale.reads.map((read) => read.name)).toContain('list, a cursor page in the middle');
  for (const read of scale.reads) expect(read).toMatchObject({ failed: 0, p95: expect.any(Number) });
  // Seeded evenly over 30 days in several statements: 24 days' retention deletes the finished
  // jobs of the oldest 6 days, about a fifth of the 95 % that are finished.
  expect(scale.purge.deleted / SEEDED).toBeGreaterThan(0.15);
  expect(scale.purge.deleted / SEEDED).toBeLessThan(0.23);
  expect(scale.firing.afterRestart.count).toBe(500);
  expect(scale.restart.healthyAfterMs).toBeGreaterThan(0);
  expect(markdownTable(reportRows(result))).toContain('scale: retention purge');
}, 180_000);
