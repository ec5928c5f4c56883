import { createJobs } from '../job-creator.js';
import type { Summary } from '../stats.js';
import { cpuSeconds } from '../procfs.js';
import { Subscribers } from '../subscribers.js';
import type { PhaseContext } from './context.js';

export interface SubscriptionsResult {
  subscribers: number;
  connected: number;
  jobs: number;
  /** Jobs the service accepted (the others are in `errors`). */
  created: number;
  /** Events expected at the clients (jobs × transitions × subscribers) and received. */
  expected: number;
  received: number;
  /** Client receive time − event `at` (the transition's database timestamp), ms, over every measured transition. */
  latency: Summary;
  byStatus: Record<string, Summary>;
  complete: boolean;
  errors: string[];
  /** CPU the subscribers' own process used while jobs were driven: a saturated client would inflate the latencies. */
  subscriberProcessCpuSeconds: number | null;
}

/** The transitions measured: creation (by the API), then FIRING and SUCCESS (by the firer). */
export const MEASURED_STATUSES = ['SCHEDULED', 'FIRING', 'SUCCESS'];
/**
 * Each job is due this long after it is sent: near enough to be claimed at once by the
 * process that creates it, far enough that a slow answer is not refused as in the past.
 */
const FIRE_AFTER_MS = 2_000;

/**
 * Subscription fan-out: `subscribers` graphql-ws clients on one project (their own
 * process), then one job created every interval, each fired shortly after; every
 * subscriber must see each job's SCHEDULED, FIRING and SUCCESS.
 */
export async function runSubscriptions(ctx: PhaseContext): Promise<SubscriptionsResult> {
  const { subscribers: count, subscriptionJobs: jobs, subscriptionIntervalMs: intervalMs } = ctx.options;
  ctx.log(`subscriptions: opening ${count} subscribers`);
  const opened = await Subscribers.open({
    url: ctx.service.url, apiKey: ctx.account.apiKey, projectId: ctx.account.projectId, count, timeoutMs: 60_000 + count * 50,
  });
  const { subscribers } = opened;
  try {
    // Far-future probe jobs: once every subscriber has a probe's SCHEDULED event, every
    // subscription is live on the server. A subscription acknowledged but not yet
    // registered misses a probe, so probes go on (one a second) until one reaches all.
    const probeDeadline = Date.now() + 30_000;
    for (;;) {
      const probe = await createJobs(ctx.service.url, ctx.account.apiKey, [{ title: 'bench probe', webhookUrl: ctx.receiver.url('/never'), fireAt: Date.now() + 86_400_000 }], {
        concurrency: 1, deadline: probeDeadline,
      });
      const probed = await subscribers.awaitEvents([...probe.fireAtById.keys()], ['SCHEDULED'], Math.min(1_000, Math.max(0, probeDeadline - Date.now())));
      if (probed.complete) break;
      if (Date.now() >= probeDeadline) throw new Error(`subscriptions not live: ${probed.received} of ${probed.expected} probe events (${probed.errors.join('; ')})`);
    }
    ctx.log(`subscriptions: ${opened.connected} live; driving ${jobs} jobs, one every ${intervalMs} ms`);

    const endSegment = await ctx.segment('subscriptions: driving jobs');
    const clientCpuBefore = cpuSeconds(subscribers.pid);
    const webhookUrl = ctx.receiver.url('/subscriptions');
    const ids: string[] = [];
    const failures: string[] = [];
    const t0 = Date.now();
    await Promise.all(Array.from({ length: jobs }, async (_, i) => {
      await new Promise((r) => setTimeout(r, t0 + i * intervalMs - Date.now()));
      const created = await createJobs(ctx.service.url, ctx.account.apiKey, [{ title: 'bench subscriptions', webhookUrl, fireAt: Date.now() + FIRE_AFTER_MS }], {
        concurrency: 1, deadline: Date.now() + 30_000,
      });
      ids.push(...created.fireAtById.keys());
      failures.push(...created.failures);
    }));
    const lastDue = Date.now() + FIRE_AFTER_MS;
    const result = await subscribers.awaitEvents(ids, MEASURED_STATUSES, lastDue + 30_000 - Date.now());
    await endSegment(ids.length);
    const clientCpuAfter = cpuSeconds(subscribers.pid);
    return {
      subscribers: count,
      connected: opened.connected,
      jobs,
      created: ids.length,
      expected: ids.length * MEASURED_STATUSES.length * opened.connected,
      received: result.received,
      latency: result.all,
      byStatus: result.byStatus,
      complete: result.complete && ids.length === jobs && opened.connected === count,
      errors: [...opened.errors, ...failures, ...result.errors].slice(0, 10),
      subscriberProcessCpuSeconds: clientCpuBefore === null || clientCpuAfter === null ? null : Math.round((clientCpuAfter - clientCpuBefore) * 10) / 10,
    };
  } finally {
    await subscribers.close();
  }
}
