import autocannon from 'autocannon';
import type { PhaseContext } from './context.js';

export interface CreateThroughputResult {
  requests: number;
  seconds: number;
  /** Jobs each request creates (1, or the batch size). */
  jobsPerRequest: number;
  /** Jobs created per second over the run. */
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Requests that did not create a job (non-2xx, GraphQL errors, connection errors). */
  failed: number;
  failures: string[];
}

/** Created jobs are due this far ahead, so they never fire during the other phases. */
const AHEAD_MS = 2 * 24 * 3_600_000;

const SCHEDULE_JOB = 'mutation($input: ScheduleJobInput!) { scheduleJob(input: $input) { id } }';

/**
 * Create throughput with autocannon: `POST /api/v1/jobs` (`rest`) or the `scheduleJob`
 * mutation (`graphql`) at `concurrency` connections, or `POST /api/v1/jobs/batch` with
 * `batchSize` jobs a request at `batchConcurrency` (`batch`). Every job is distinct, due at
 * a random moment within the spread, days ahead.
 */
export async function runCreateThroughput(ctx: PhaseContext, api: 'rest' | 'graphql' | 'batch'): Promise<CreateThroughputResult> {
  const { options } = ctx;
  const jobsPerRequest = api === 'batch' ? options.batchSize : 1;
  const webhookUrl = ctx.receiver.url('/never');
  const base = Date.now() + AHEAD_MS;
  let n = 0;
  const fireAt = () => new Date(base + Math.floor(Math.random() * options.createSpreadMs)).toISOString();
  const job = () => ({ title: `bench ${api} create ${n++}`, webhookUrl, fireAt: fireAt(), payload: { n } });
  const failures: string[] = [];
  let accepted = 0;
  let rejected = 0;
  const judge = (ok: boolean, status: number, body: string) => {
    if (ok) return void accepted++;
    rejected++;
    if (failures.length < 5) failures.push(`${status} ${body.slice(0, 200)}`);
  };

  const endSegment = await ctx.segment(`${api} create`);
  const result = await autocannon({
    url: ctx.service.url,
    connections: api === 'batch' ? options.batchConcurrency : options.concurrency,
    pipelining: 1,
    timeout: 30,
    ...(options.createRequests !== undefined ? { amount: options.createRequests } : { duration: options.createDurationMs / 1000 }),
    requests: [
      api === 'batch'
        ? {
            method: 'POST',
            path: '/api/v1/jobs/batch',
            headers: { 'content-type': 'application/json', 'x-api-key': ctx.account.apiKey },
            setupRequest: (request) => ({ ...request, body: JSON.stringify({ jobs: Array.from({ length: jobsPerRequest }, job) }) }),
            onResponse: (status, body) => judge(status === 201, status, body),
          }
        : api === 'rest'
        ? {
            method: 'POST',
            path: '/api/v1/jobs',
            headers: { 'content-type': 'application/json', 'x-api-key': ctx.account.apiKey },
            setupRequest: (request) => ({ ...request, body: JSON.stringify(job()) }),
            onResponse: (status, body) => judge(status === 201, status, body),
          }
        : {
            method: 'POST',
            path: '/graphql',
            headers: { 'content-type': 'application/json', 'x-api-key': ctx.account.apiKey },
            setupRequest: (request) => ({ ...request, body: JSON.stringify({ query: SCHEDULE_JOB, variables: { input: job() } }) }),
            // GraphQL answers 200 with `errors` when a mutation fails.
            onResponse: (status, body) => judge(status === 200 && !body.includes('"errors"'), status, body),
          },
    ],
  });
  await endSegment(accepted * jobsPerRequest);

  const seconds = (result.finish.getTime() - result.start.getTime()) / 1000;
  const perSecond = (accepted * jobsPerRequest) / seconds;
  // Later phases create one job a request: the batch rate would mislead their planning.
  if (accepted > 0 && api !== 'batch') ctx.createRate = perSecond;
  return {
    requests: result.requests.sent,
    seconds: Math.round(seconds * 10) / 10,
    jobsPerRequest,
    perSecond: Math.round(perSecond),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    failed: rejected + result.errors,
    failures,
  };
}
