import { postPaced } from '../job-creator.js';
import { summarise, type Summary } from '../stats.js';
import type { PhaseContext } from './context.js';

export interface MixedResult {
  rate: number;
  seconds: number;
  /** How long before its fireAt each job was created, as asked. */
  leadMs: number;
  jobs: number;
  created: number;
  delivered: number;
  repeats: number;
  /** Receiver arrival − fireAt, ms. */
  lateness: Summary;
  /** The shortest lead achieved: how far ahead of its fireAt the latest-created job was answered, ms. */
  minimumLeadMs: number | null;
  /** Create requests per second achieved, and their latency. */
  createdPerSecond: number;
  createP99Ms: number | null;
  complete: boolean;
  failures: string[];
}

/**
 * Creation overlapping firing, the shape users (and the peer harness) produce: jobs are
 * created at `rate` a second, paced, each `leadMs` before it is due, so that from the
 * first due time on the service creates and fires at once. One stretch covers both: its
 * cost per job is a job's whole cost, created and fired.
 */
export async function runMixed(ctx: PhaseContext): Promise<MixedResult> {
  const { mixedRate: rate, mixedDurationMs: durationMs, mixedLeadMs: leadMs } = ctx.options;
  const count = Math.max(1, Math.round((rate * durationMs) / 1000));
  const path = '/mixed';
  const webhookUrl = ctx.receiver.url(path);
  const start = Date.now() + 1_000;
  const sendAt = (i: number) => start + Math.floor((i * 1000) / rate);
  ctx.log(`mixed: creating ${count} jobs at ${rate}/s, each due ${leadMs} ms after it is sent`);
  const end = await ctx.segment('mixed: create and fire');
  const posted = postPaced(ctx.service.url, ctx.account.apiKey, '/api/v1/jobs', count, {
    concurrency: ctx.options.concurrency,
    sendAt,
    body: (i) => {
      const fireAt = sendAt(i) + leadMs;
      return { title: 'bench mixed', webhookUrl, fireAt: new Date(fireAt).toISOString(), payload: { i } };
    },
  });
  const lastDue = sendAt(count - 1) + leadMs;
  const created = await posted;
  const fireAtById = new Map<string, number>();
  created.ids.forEach((id, i) => id !== null && fireAtById.set(id, sendAt(i) + leadMs));
  const { arrivals, repeats, complete } = await ctx.receiver.collect(path, fireAtById.size, lastDue + 30_000 - Date.now());
  await end(arrivals.size);
  const lateness: number[] = [];
  for (const [id, arrivedAt] of arrivals) {
    const fireAt = fireAtById.get(id);
    if (fireAt !== undefined) lateness.push(arrivedAt - fireAt);
  }
  const leads = created.answeredAt.flatMap((at, i) => (created.ids[i] === null ? [] : [sendAt(i) + leadMs - at]));
  return {
    rate,
    seconds: durationMs / 1000,
    leadMs,
    jobs: count,
    created: fireAtById.size,
    delivered: lateness.length,
    repeats,
    lateness: summarise(lateness),
    minimumLeadMs: leads.length ? Math.min(...leads) : null,
    createdPerSecond: created.perSecond,
    createP99Ms: summarise(created.latencies).p99,
    complete: complete && created.failed === 0,
    failures: created.failures,
  };
}
