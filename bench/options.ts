import { parseDuration } from '../src/duration.js';

export const PHASES = ['rest', 'graphql', 'batch', 'steady', 'mixed', 'burst', 'sustained', 'subscriptions', 'schedules', 'scale'] as const;
/** What a plain `npm run bench` runs: every phase but `scale`, which seeds millions of rows (BENCH_ONLY=scale runs it). */
export const DEFAULT_PHASES = PHASES.filter((phase) => phase !== 'scale');
export type Phase = (typeof PHASES)[number];
/** Where the service's Agenda keeps its window jobs (BENCH_AGENDA). */
export const AGENDA_STORES = ['postgres', 'mongo'] as const;
export type AgendaStoreChoice = (typeof AGENDA_STORES)[number];

/** Sizes of every phase. The defaults are the full benchmark of docs/performance.md. */
export interface BenchOptions {
  /** Phases to run, in the fixed order of PHASES. */
  only: readonly Phase[];
  /** Agenda on the service's PostgreSQL, or on MongoDB: MONGODB_URL's server when set, else the CongoDB emulator. */
  agenda: AgendaStoreChoice;
  /** Concurrent callers for every create load (autocannon connections). */
  concurrency: number;
  /** Length of each create-throughput run, ms. */
  createDurationMs: number;
  /** When set, each create-throughput run sends exactly this many requests instead. */
  createRequests: number | undefined;
  /** Batch create: jobs per `POST /api/v1/jobs/batch`, and concurrent callers. */
  batchSize: number;
  batchConcurrency: number;
  /** Create-throughput jobs are due at random times over this span, starting two days ahead, ms. */
  createSpreadMs: number;
  /** Steady firing: jobs due per second, for how long, created how long ahead of the first (the sustained phase's lead too). */
  steadyRate: number;
  steadyDurationMs: number;
  steadyLeadMs: number;
  /** Mixed: jobs created per second, paced, for how long, each this long before it is due (creation overlaps firing). */
  mixedRate: number;
  mixedDurationMs: number;
  mixedLeadMs: number;
  /** Burst: jobs due at one instant, created at least this long before it. */
  burstJobs: number;
  burstLeadMs: number;
  /** Sustained deliveries: offered jobs per second and for how long, against a receiver this slow. */
  sustainedRate: number;
  sustainedDurationMs: number;
  receiverDelayMs: number;
  /** Subscriptions: open sockets on one project, jobs driven through their lifecycle, one every interval. */
  subscribers: number;
  subscriptionJobs: number;
  subscriptionIntervalMs: number;
  /**
   * Schedules: this many on `scheduleCron` (all due together), among `scheduleTotal` in the
   * database, measured over this many occurrences; then a restart down at least
   * `scheduleDowntimeMs` (0: no restart).
   */
  scheduleCount: number;
  scheduleTotal: number;
  scheduleCron: string;
  scheduleOccurrences: number;
  scheduleDowntimeMs: number;
  /** Scale: jobs seeded into one project (about 1.2 attempts each). */
  scaleJobs: number;
  /** Extra node flags for the service (e.g. V8 heap settings to compare). */
  serviceNodeArgs: readonly string[];
  /** Worker processes (ROLE=worker) firing beside the service on the same database; 0: the service fires alone. */
  workers: number;
  /** Record a CPU profile of the service (`--cpu-prof`) and summarise it per phase. */
  profile: boolean;
  /** Where the profile is written; a new temporary directory when undefined. */
  profileDir: string | undefined;
  /** Progress lines (stderr in the CLI). */
  log: (line: string) => void;
}

export const DEFAULT_OPTIONS: Omit<BenchOptions, 'log'> = {
  only: DEFAULT_PHASES,
  agenda: 'postgres',
  concurrency: 32,
  createDurationMs: 10_000,
  createRequests: undefined,
  createSpreadMs: 24 * 3_600_000,
  batchSize: 500,
  batchConcurrency: 4,
  steadyRate: 500,
  steadyDurationMs: 20_000,
  steadyLeadMs: 10_000,
  mixedRate: 500,
  mixedDurationMs: 20_000,
  mixedLeadMs: 11_000,
  burstJobs: 10_000,
  burstLeadMs: 30_000,
  sustainedRate: 3_000,
  sustainedDurationMs: 10_000,
  receiverDelayMs: 50,
  subscribers: 1_000,
  subscriptionJobs: 40,
  subscriptionIntervalMs: 500,
  scheduleCount: 10_000,
  scheduleTotal: 100_000,
  scheduleCron: '* * * * *',
  scheduleOccurrences: 2,
  scheduleDowntimeMs: 25_000,
  scaleJobs: 5_000_000,
  serviceNodeArgs: [],
  workers: 0,
  profile: false,
  profileDir: undefined,
};

/**
 * Reads the BENCH_* variables (documented at the top of bench/cli.ts and in
 * docs/performance.md). A bad value throws naming the variable.
 */
export function optionsFromEnv(env: NodeJS.ProcessEnv, log: (line: string) => void): BenchOptions {
  const read = (name: string) => (env[name]?.trim() ? env[name]!.trim() : undefined);
  const fail = (name: string, why: string): never => {
    throw new Error(`${name}: ${why} (got "${env[name]}")`);
  };
  const count = (name: string, fallback: number, min = 1): number => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min) fail(name, `must be an integer of at least ${min}`);
    return Number(raw);
  };
  const duration = (name: string, fallback: number, min = 0): number => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    const ms = parseDuration(raw);
    if (!Number.isFinite(ms) || ms < min) fail(name, `must be a duration like 500ms, 10s, 2m or plain milliseconds, at least ${min} ms`);
    return ms;
  };
  // BENCH_SECONDS and BENCH_DURATION take plain seconds, as they always have.
  const seconds = (name: string, fallbackMs: number): number => {
    const raw = read(name);
    if (raw === undefined) return fallbackMs;
    return /^\d+(\.\d+)?$/.test(raw) && Number(raw) > 0 ? Math.round(Number(raw) * 1000) : duration(name, fallbackMs, 1);
  };

  const onlyRaw = read('BENCH_ONLY');
  const only = onlyRaw === undefined ? DEFAULT_PHASES : onlyRaw.split(',').map((s) => s.trim()).filter(Boolean);
  for (const phase of only) if (!PHASES.includes(phase as Phase)) fail('BENCH_ONLY', `"${phase}" is not one of ${PHASES.join(', ')}`);
  const profile = read('BENCH_PROFILE');
  const agenda = (read('BENCH_AGENDA') ?? DEFAULT_OPTIONS.agenda) as AgendaStoreChoice;
  if (!AGENDA_STORES.includes(agenda)) fail('BENCH_AGENDA', `must be one of ${AGENDA_STORES.join(', ')}`);

  return {
    only: PHASES.filter((phase) => only.includes(phase)),
    agenda,
    concurrency: count('BENCH_CONCURRENCY', DEFAULT_OPTIONS.concurrency),
    createDurationMs: seconds('BENCH_DURATION', DEFAULT_OPTIONS.createDurationMs),
    createRequests: read('BENCH_REQUESTS') === undefined ? undefined : count('BENCH_REQUESTS', 1),
    createSpreadMs: duration('BENCH_CREATE_SPREAD', DEFAULT_OPTIONS.createSpreadMs),
    batchSize: count('BENCH_BATCH_SIZE', DEFAULT_OPTIONS.batchSize),
    batchConcurrency: count('BENCH_BATCH_CONCURRENCY', DEFAULT_OPTIONS.batchConcurrency),
    steadyRate: count('BENCH_RATE', DEFAULT_OPTIONS.steadyRate),
    steadyDurationMs: seconds('BENCH_SECONDS', DEFAULT_OPTIONS.steadyDurationMs),
    steadyLeadMs: duration('BENCH_STEADY_LEAD', DEFAULT_OPTIONS.steadyLeadMs),
    mixedRate: count('BENCH_MIXED_RATE', DEFAULT_OPTIONS.mixedRate),
    mixedDurationMs: seconds('BENCH_MIXED_SECONDS', DEFAULT_OPTIONS.mixedDurationMs),
    mixedLeadMs: duration('BENCH_MIXED_LEAD', DEFAULT_OPTIONS.mixedLeadMs, 1_000),
    burstJobs: count('BENCH_BURST', DEFAULT_OPTIONS.burstJobs),
    burstLeadMs: duration('BENCH_BURST_LEAD', DEFAULT_OPTIONS.burstLeadMs),
    sustainedRate: count('BENCH_SUSTAINED_RATE', DEFAULT_OPTIONS.sustainedRate),
    sustainedDurationMs: seconds('BENCH_SUSTAINED_SECONDS', DEFAULT_OPTIONS.sustainedDurationMs),
    receiverDelayMs: duration('BENCH_RECEIVER_DELAY', DEFAULT_OPTIONS.receiverDelayMs),
    subscribers: count('BENCH_SUBSCRIBERS', DEFAULT_OPTIONS.subscribers),
    subscriptionJobs: count('BENCH_SUBSCRIPTION_JOBS', DEFAULT_OPTIONS.subscriptionJobs),
    subscriptionIntervalMs: duration('BENCH_SUBSCRIPTION_INTERVAL', DEFAULT_OPTIONS.subscriptionIntervalMs, 1),
    scheduleCount: count('BENCH_SCHEDULES', DEFAULT_OPTIONS.scheduleCount),
    scheduleTotal: count('BENCH_SCHEDULES_TOTAL', DEFAULT_OPTIONS.scheduleTotal),
    scheduleCron: read('BENCH_SCHEDULE_CRON') ?? DEFAULT_OPTIONS.scheduleCron,
    scheduleOccurrences: count('BENCH_SCHEDULE_OCCURRENCES', DEFAULT_OPTIONS.scheduleOccurrences),
    scheduleDowntimeMs: duration('BENCH_SCHEDULE_DOWNTIME', DEFAULT_OPTIONS.scheduleDowntimeMs),
    scaleJobs: count('BENCH_SCALE_JOBS', DEFAULT_OPTIONS.scaleJobs),
    serviceNodeArgs: read('BENCH_NODE_ARGS')?.split(/\s+/) ?? DEFAULT_OPTIONS.serviceNodeArgs,
    workers: count('BENCH_WORKERS', DEFAULT_OPTIONS.workers, 0),
    // BENCH_PROFILE=1 profiles into a temporary directory; any other value names the directory.
    profile: profile !== undefined && profile !== '0' && profile !== 'false',
    profileDir: profile === undefined || ['0', 'false', '1', 'true'].includes(profile) ? undefined : profile,
    log,
  };
}
