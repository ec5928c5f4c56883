import { OWN_QUERY } from '../database.js';
import { createJobs, type JobSpec } from '../job-creator.js';
import { percentileOfSorted } from '../stats.js';
import { creationBudgetMs, FIRE_SEGMENT_LEAD_MS, sleepUntil, type PhaseContext } from './context.js';

export interface SustainedResult {
  offeredRate: number;
  seconds: number;
  receiverDelayMs: number;
  jobs: number;
  created: number;
  /** Jobs the service recorded as SUCCESS before the deadline. */
  completed: number;
  /** Requests the receiver got for a job it had already seen. */
  repeats: number;
  /** Completed deliveries per second over the middle 80 % of completions (the steady part). */
  deliveriesPerSecond: number | null;
  /** Last completion − last fireAt, ms: how far the service was behind at the end. */
  lastCompletedAfterMs: number | null;
  /**
   * The last completion came within a second (plus the receiver's delay) of the last due
   * time: the service kept pace with the offer, so its capacity is above the figure.
   */
  keptUp: boolean;
  complete: boolean;
  failures: string[];
}

/**
 * Sustained deliveries: `rate` jobs due per second for the duration against a receiver that
 * answers after `receiverDelayMs`. Offer more than the target, so the figure is what the
 * service can complete, not what it was given. A delivery counts when the service has
 * recorded its outcome (the job's SUCCESS write).
 */
export async function runSustained(ctx: PhaseContext): Promise<SustainedResult> {
  const { sustainedRate: rate, sustainedDurationMs: durationMs, receiverDelayMs } = ctx.options;
  const count = Math.max(1, Math.round((rate * durationMs) / 1000));
  const title = 'bench sustained';
  const start = Date.now() + creationBudgetMs(ctx, count) + ctx.options.steadyLeadMs;
  const webhookUrl = ctx.receiver.url('/sustained', receiverDelayMs);
  const specs: JobSpec[] = Array.from({ length: count }, (_, i) => ({ title, webhookUrl, fireAt: start + Math.floor((i * 1000) / rate) }));
  const lastDue = specs[specs.length - 1].fireAt;

  ctx.log(`sustained: creating ${count} jobs due over ${durationMs / 1000} s from ${new Date(start).toISOString()}`);
  const endCreate = await ctx.segment('sustained: create');
  const created = await createJobs(ctx.service.url, ctx.account.apiKey, specs, { concurrency: ctx.options.concurrency, deadline: start - 1_000 });
  await endCreate(created.fireAtById.size);
  if (created.fireAtById.size > 0) ctx.createRate = created.perSecond;
  ctx.log(`sustained: created ${created.fireAtById.size}; waiting for deliveries`);

  await sleepUntil(start - FIRE_SEGMENT_LEAD_MS);
  const endFire = await ctx.segment('sustained: fire');
  // Enough time for the whole load at a quarter of the offered rate, and at least a minute.
  const graceMs = Math.max(60_000, (count / rate) * 3_000);
  const { repeats } = await ctx.receiver.collect('/sustained', created.fireAtById.size, lastDue + graceMs - Date.now());
  const completions = await completedAt(ctx, title, created.fireAtById.size, Date.now() + 30_000);
  await endFire(completions.length);

  const lo = percentileOfSorted(completions, 10);
  const hi = percentileOfSorted(completions, 90);
  const middle = completions.filter((t) => t >= lo! && t <= hi!).length;
  return {
    offeredRate: rate,
    seconds: durationMs / 1000,
    receiverDelayMs,
    jobs: count,
    created: created.fireAtById.size,
    completed: completions.length,
    repeats,
    deliveriesPerSecond: lo !== null && hi !== null && hi > lo ? Math.round(middle / ((hi - lo) / 1000)) : null,
    lastCompletedAfterMs: completions.length ? Math.round(completions[completions.length - 1] - lastDue) : null,
    keptUp: completions.length === count && completions[completions.length - 1] - lastDue <= receiverDelayMs + 1_000,
    complete: created.failed === 0 && completions.length === count,
    failures: created.failures,
  };
}

/** Completion times (epoch ms, ascending) of the jobs with `title`, once `expected` are done or at `deadline`. */
async function completedAt(ctx: PhaseContext, title: string, expected: number, deadline: number): Promise<Float64Array> {
  for (;;) {
    const { rows } = await ctx.db.query<{ settled: string }>(`select ${OWN_QUERY} count(*) as settled from jobs where title = $1 and status not in ('SCHEDULED', 'FIRING')`, [title]);
    if (Number(rows[0].settled) >= expected || Date.now() >= deadline) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const { rows } = await ctx.db.query<{ t: number }>(
    `select ${OWN_QUERY} extract(epoch from updated_at)::float8 * 1000 as t from jobs where title = $1 and status = 'SUCCESS' order by updated_at`,
    [title],
  );
  return Float64Array.from(rows, (row) => row.t);
}
