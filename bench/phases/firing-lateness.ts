import { createJobs, type JobSpec } from '../job-creator.js';
import { summarise, type Summary } from '../stats.js';
import { creationBudgetMs, FIRE_SEGMENT_LEAD_MS, sleepUntil, type PhaseContext } from './context.js';

export interface LatenessResult {
  jobs: number;
  created: number;
  /** Jobs whose first attempt reached the receiver before the deadline. */
  delivered: number;
  /** Arrivals after a job's first (retries, duplicates). */
  repeats: number;
  /** Receiver arrival − fireAt, ms. */
  lateness: Summary;
  /** How long before the first fireAt the last job was created, ms (negative: creation overlapped firing). */
  createdAheadMs: number;
  /** Every created job arrived before the deadline. */
  complete: boolean;
  failures: string[];
}

/**
 * Creates the jobs (through the API, well ahead so creating them does not overlap their
 * firing), then waits for the receiver to see each one and measures arrival − fireAt.
 * `plan(start)` gives the due times once the first one is known.
 */
async function measureLateness(
  ctx: PhaseContext,
  name: string,
  count: number,
  leadMs: number,
  plan: (start: number, i: number) => number,
  graceMs: number,
): Promise<LatenessResult> {
  const path = `/${name}`;
  const start = Date.now() + creationBudgetMs(ctx, count) + leadMs;
  const specs: JobSpec[] = Array.from({ length: count }, (_, i) => ({ title: `bench ${name}`, webhookUrl: ctx.receiver.url(path), fireAt: plan(start, i) }));
  const lastDue = specs.reduce((max, spec) => Math.max(max, spec.fireAt), start);
  ctx.log(`${name}: creating ${count} jobs due from ${new Date(start).toISOString()}`);
  const endCreate = await ctx.segment(`${name}: create`);
  const created = await createJobs(ctx.service.url, ctx.account.apiKey, specs, { concurrency: ctx.options.concurrency, deadline: start - 1_000 });
  await endCreate(created.fireAtById.size);
  if (created.fireAtById.size > 0) ctx.createRate = created.perSecond;
  ctx.log(`${name}: created ${created.fireAtById.size} at ${Math.round(created.perSecond)}/s, ${start - created.finishedAt} ms ahead; waiting for deliveries`);

  await sleepUntil(start - FIRE_SEGMENT_LEAD_MS);
  const endFire = await ctx.segment(`${name}: fire`);
  const { arrivals, repeats, complete } = await ctx.receiver.collect(path, created.fireAtById.size, lastDue + graceMs - Date.now());
  await endFire(arrivals.size);
  const lateness: number[] = [];
  for (const [id, arrivedAt] of arrivals) {
    const fireAt = created.fireAtById.get(id);
    if (fireAt !== undefined) lateness.push(arrivedAt - fireAt);
  }
  return {
    jobs: count,
    created: created.fireAtById.size,
    delivered: lateness.length,
    repeats,
    lateness: summarise(lateness),
    createdAheadMs: start - created.finishedAt,
    complete: complete && created.failed === 0,
    failures: created.failures,
  };
}

export interface SteadyResult extends LatenessResult {
  rate: number;
  seconds: number;
}

/** Steady firing: `rate` jobs due per second, evenly spaced, for the duration. */
export async function runSteady(ctx: PhaseContext): Promise<SteadyResult> {
  const { steadyRate: rate, steadyDurationMs: durationMs, steadyLeadMs } = ctx.options;
  const count = Math.max(1, Math.round((rate * durationMs) / 1000));
  const result = await measureLateness(ctx, 'steady', count, steadyLeadMs, (start, i) => start + Math.floor((i * 1000) / rate), 30_000);
  return { rate, seconds: durationMs / 1000, ...result };
}

export interface BurstResult extends LatenessResult {
  /** Last first-attempt arrival − fireAt, once every job has arrived; null otherwise. */
  allArrivedAfterMs: number | null;
}

/** Burst: every job due at the same instant, created at least the burst lead before it. */
export async function runBurst(ctx: PhaseContext): Promise<BurstResult> {
  const { burstJobs, burstLeadMs } = ctx.options;
  const result = await measureLateness(ctx, 'burst', burstJobs, burstLeadMs, (start) => start, 60_000);
  return { ...result, allArrivedAfterMs: result.complete ? result.lateness.max : null };
}
