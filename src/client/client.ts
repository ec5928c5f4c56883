import { DispatchError } from './errors.js';
import { GET_JOB, LIST_JOBS, SCHEDULE_JOB } from './documents.js';
import { openSubscription, type JobSubscription, type SubscribeOptions } from './subscription.js';
import { Transport, type ConnectionOptions } from './transport.js';
import type {
  BulkResult, CreateScheduleInput, Endpoint, Job, JobFilter, JobPage, JobWithLogs, ListedJob, Schedule, ScheduleJobInput,
  SchedulePage, SubscriptionFilter, UpdateEndpointInput, UpdateJobInput, UpdateScheduleInput,
} from './types.js';

export type DispatchClientOptions = ConnectionOptions;

/**
 * A typed client of one Dispatch service. Calls go to the REST layer (`/api/v1`), where
 * writes take an API key; job reads go through GraphQL (`job`, `jobsConnection`), which
 * takes an API key or a session token alike (REST's job reads take a session only); live
 * status comes over graphql-ws.
 */
export class DispatchClient {
  private readonly transport: Transport;
  private readonly subscriptions = new Set<JobSubscription>();

  constructor(options: DispatchClientOptions) {
    this.transport = new Transport(options);
  }

  // --- jobs -------------------------------------------------------------------------

  /**
   * Schedules one job. Every call carries an idempotency key (yours, or a new one), so the
   * client's own retries can never create a second job; pass yours to make a repeated
   * call (after a crash, say) return the original job.
   */
  async scheduleJob(input: ScheduleJobInput, options: { idempotencyKey?: string } = {}): Promise<Job> {
    const idempotencyKey = options.idempotencyKey ?? globalThis.crypto.randomUUID();
    if (!this.transport.hasApiKey) {
      // REST schedules with an API key only; a session token schedules over GraphQL, into input.projectId.
      const { scheduleJob } = await this.transport.graphql<{ scheduleJob: Job }>(SCHEDULE_JOB, { input: { ...wire(input), idempotencyKey } });
      return scheduleJob;
    }
    return this.transport.rest<Job>('POST', '/api/v1/jobs', { body: wire(input), headers: { 'idempotency-key': idempotencyKey } });
  }

  /** Schedules up to 1,000 jobs in one transaction (all or none); answered in order. */
  async scheduleJobs(inputs: ScheduleJobInput[]): Promise<Job[]> {
    const { jobs } = await this.transport.rest<{ jobs: Job[] }>('POST', '/api/v1/jobs/batch', { body: { jobs: inputs.map(wire) } });
    return jobs;
  }

  /** A job with its project and its delivery log (newest attempt first); 404 DispatchError when it is not the caller's. */
  async getJob(id: string): Promise<JobWithLogs> {
    const { job } = await this.transport.graphql<{ job: JobWithLogs | null }>(GET_JOB, { id });
    if (!job) throw new DispatchError({ status: 404, code: 'NOT_FOUND', message: 'Job not found' });
    return job;
  }

  /**
   * The caller's jobs, newest first, one page per iteration (stable while jobs are added):
   * `for await (const page of client.listJobs({ status: 'DEAD' })) for (const job of page.jobs) …`.
   */
  async *listJobs(filter: JobFilter & { pageSize?: number; after?: string } = {}): AsyncGenerator<JobPage, void, undefined> {
    const { pageSize = 20, after, ...conditions } = filter;
    let cursor: string | null = after ?? null;
    do {
      const { jobsConnection: page } = await this.transport.graphql<{ jobsConnection: Connection<ListedJob> }>(LIST_JOBS, {
        filter: wire(conditions),
        first: pageSize,
        after: cursor,
      });
      cursor = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      yield { jobs: page.edges.map((edge) => edge.node), totalCount: page.totalCount, totalIsEstimate: page.totalIsEstimate, nextCursor: cursor };
    } while (cursor !== null);
  }

  /** Cancels a SCHEDULED job (400 `Only scheduled jobs can be cancelled` otherwise). */
  async cancelJob(id: string): Promise<void> {
    await this.transport.rest<null>('DELETE', `/api/v1/jobs/${encodeURIComponent(id)}`);
  }

  /** Changes a SCHEDULED job: a new time, title, URL, payload or delivery options. */
  updateJob(id: string, input: UpdateJobInput): Promise<Job> {
    return this.transport.rest<Job>('PATCH', `/api/v1/jobs/${encodeURIComponent(id)}`, { body: wire(input) });
  }

  /** Fires a SCHEDULED job (also one waiting between retries) at once. */
  runJobNow(id: string): Promise<Job> {
    return this.transport.rest<Job>('POST', `/api/v1/jobs/${encodeURIComponent(id)}/run`);
  }

  /** A new job like a DEAD, SUCCESS or CANCELLED one, due now or at `fireAt`. */
  replayJob(id: string, options: { fireAt?: string | Date; idempotencyKey?: string } = {}): Promise<Job> {
    const idempotencyKey = options.idempotencyKey ?? globalThis.crypto.randomUUID();
    return this.transport.rest<Job>('POST', `/api/v1/jobs/${encodeURIComponent(id)}/replay`, {
      body: wire({ fireAt: options.fireAt }),
      headers: { 'idempotency-key': idempotencyKey },
    });
  }

  /** Cancels every SCHEDULED job the filter matches (the filter must not be empty). */
  cancelJobs(filter: JobFilter): Promise<BulkResult> {
    return this.transport.rest<BulkResult>('POST', '/api/v1/jobs/cancel', { body: wire(filter) });
  }

  /** Replays every DEAD, SUCCESS or CANCELLED job the filter matches; `ids` are the new jobs. */
  replayJobs(filter: JobFilter): Promise<BulkResult> {
    return this.transport.rest<BulkResult>('POST', '/api/v1/jobs/replay', { body: wire(filter) });
  }

  // --- live status ------------------------------------------------------------------

  /**
   * The status changes of one job, of a project, of a schedule's runs, or (no filter) of
   * every project of the caller, as an async iterator; it starts listening at once
   * (`connected` resolves when the service has accepted the connection). Break out of the
   * loop, or call `close()`, to stop.
   */
  subscribe(filter: SubscriptionFilter = {}, options: SubscribeOptions = {}): JobSubscription {
    const subscription = openSubscription(this.transport, filter, options, () => this.subscriptions.delete(subscription));
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** Ends every open subscription. */
  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
  }

  // --- schedules --------------------------------------------------------------------

  createSchedule(input: CreateScheduleInput): Promise<Schedule> {
    return this.transport.rest<Schedule>('POST', '/api/v1/schedules', { body: wire(input) });
  }

  /** A schedule with its next `runs` (1–100, default 5) occurrences in `nextRuns`. */
  getSchedule(id: string, options: { runs?: number } = {}): Promise<Schedule> {
    return this.transport.rest<Schedule>('GET', `/api/v1/schedules/${encodeURIComponent(id)}`, { query: { runs: options.runs } });
  }

  /** The caller's schedules, one page per iteration. */
  async *listSchedules(filter: { projectId?: string; paused?: boolean; pageSize?: number } = {}): AsyncGenerator<SchedulePage, void, undefined> {
    const { pageSize = 20, ...conditions } = filter;
    for (let page = 1; ; page++) {
      const answer = await this.transport.rest<SchedulePage>('GET', '/api/v1/schedules', { query: { ...conditions, page, limit: pageSize } });
      yield answer;
      if (page >= answer.pagination.totalPages) return;
    }
  }

  updateSchedule(id: string, input: UpdateScheduleInput): Promise<Schedule> {
    return this.transport.rest<Schedule>('PATCH', `/api/v1/schedules/${encodeURIComponent(id)}`, { body: wire(input) });
  }

  /** No new runs; runs created and not started are cancelled. */
  pauseSchedule(id: string): Promise<Schedule> {
    return this.transport.rest<Schedule>('POST', `/api/v1/schedules/${encodeURIComponent(id)}/pause`);
  }

  resumeSchedule(id: string): Promise<Schedule> {
    return this.transport.rest<Schedule>('POST', `/api/v1/schedules/${encodeURIComponent(id)}/resume`);
  }

  /** Deletes it and returns it as it was; its jobs keep their history. */
  deleteSchedule(id: string): Promise<Schedule> {
    return this.transport.rest<Schedule>('DELETE', `/api/v1/schedules/${encodeURIComponent(id)}`);
  }

  // --- endpoints --------------------------------------------------------------------

  /** The receiver endpoints of a project (an API key's own; `projectId` with a session token), by origin. */
  async listEndpoints(options: { projectId?: string } = {}): Promise<Endpoint[]> {
    const { endpoints } = await this.transport.rest<{ endpoints: Endpoint[] }>('GET', '/api/v1/endpoints', { query: { projectId: options.projectId } });
    return endpoints;
  }

  /** Sets an endpoint's rate limit, burst, parallelism or pause (`null` clears a limit). */
  updateEndpoint(id: string, input: UpdateEndpointInput): Promise<Endpoint> {
    return this.transport.rest<Endpoint>('PATCH', `/api/v1/endpoints/${encodeURIComponent(id)}`, { body: input });
  }
}

interface Connection<T> {
  edges: Array<{ node: T }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
  totalIsEstimate: boolean;
}

/** The input as JSON: Dates as ISO strings, absent fields left out. */
function wire<T extends object>(input: T): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    out[key] = value instanceof Date ? value.toISOString() : value;
  }
  return out;
}
