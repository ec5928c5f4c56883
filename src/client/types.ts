/** The service's JSON, as the client returns it. Timestamps are ISO 8601 UTC strings with milliseconds. */

export const JOB_STATUSES = ['SCHEDULED', 'FIRING', 'SUCCESS', 'FAILED', 'DEAD', 'CANCELLED'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export type JsonObject = Record<string, unknown>;
export type StringMap = Record<string, string>;

export interface RetrySettings {
  maxAttempts: number;
  /** Durations such as `"30s"`; the last repeats. */
  delays: string[];
  maxDelay: string;
}

export interface Job {
  id: string;
  projectId: string;
  title: string;
  webhookUrl: string;
  payload: JsonObject;
  fireAt: string;
  status: JobStatus;
  /** Retries armed so far. */
  retryCount: number;
  createdAt: string;
  updatedAt: string;
  scheduleId: string | null;
  scheduledFor: string | null;
  retry: RetrySettings;
  timeout: string;
  headers: StringMap;
  expiresAt: string | null;
  labels: StringMap;
  replayOf: string | null;
  endpointId: string | null;
  /** How its last attempt was held back by its endpoint, if it was. */
  held: { ms: number; reason: string; message: string } | null;
}

/** A job as lists and `getJob` return it: with its project. */
export interface ListedJob extends Job {
  project: { id: string; name: string };
}

export interface DeliveryLog {
  id: string;
  attempt: number;
  status: 'SUCCESS' | 'FAILED';
  /** null when there was no response. */
  responseCode: number | null;
  responseBody: string | null;
  firedAt: string;
  durationMs: number;
  /** Why the attempt failed (timeout, connection refused, blocked address, …), or null. */
  error: string | null;
}

/** A job with its delivery log, newest attempt first (the newest 100). */
export interface JobWithLogs extends ListedJob {
  logs: DeliveryLog[];
}

export interface RetryInput {
  maxAttempts?: number;
  delays?: string[];
  maxDelay?: string;
}

/** What `scheduleJob` takes: exactly one of `fireAt` and `delay`. */
export interface ScheduleJobInput {
  title: string;
  webhookUrl: string;
  /** ISO 8601 UTC with a trailing `Z` (or a Date), in the future. */
  fireAt?: string | Date;
  /** Instead of `fireAt`: `"90s"`, `"15m"`, `"2h"`, `"1d"` or milliseconds. */
  delay?: string | number;
  payload?: JsonObject;
  retry?: RetryInput;
  timeout?: string;
  headers?: StringMap;
  expiresAt?: string | Date;
  labels?: StringMap;
  /** Only with a session token (an API key implies its project). */
  projectId?: string;
}

/** What `updateJob` takes: absent stays, `null` resets `retry`, `timeout`, `headers` and clears `expiresAt`. */
export interface UpdateJobInput {
  fireAt?: string | Date;
  delay?: string | number;
  title?: string;
  webhookUrl?: string;
  payload?: JsonObject;
  retry?: RetryInput | null;
  timeout?: string | null;
  headers?: StringMap | null;
  expiresAt?: string | Date | null;
  labels?: StringMap;
}

/** Which jobs a bulk action or a list covers; every condition given must hold. */
export interface JobFilter {
  ids?: string[];
  projectId?: string;
  status?: JobStatus;
  labels?: StringMap;
  scheduleId?: string;
  /** Titles containing this text, any letter case (lists only). */
  search?: string;
  fireAtFrom?: string | Date;
  fireAtTo?: string | Date;
  createdAtFrom?: string | Date;
  createdAtTo?: string | Date;
}

export interface BulkResult {
  count: number;
  ids: string[];
}

/** One page of `listJobs`. */
export interface JobPage {
  jobs: ListedJob[];
  /** How many jobs match (an estimate above 10,000 for some filters: `totalIsEstimate`). */
  totalCount: number;
  totalIsEstimate: boolean;
  /** Pass as `after` to start from the next page later; null on the last page. */
  nextCursor: string | null;
}

export type CatchUp = 'NONE' | 'LATEST' | 'ALL';

export interface Schedule {
  id: string;
  projectId: string;
  name: string;
  cron: string | null;
  every: string | null;
  timezone: string;
  title: string;
  webhookUrl: string;
  payload: JsonObject;
  paused: boolean;
  startAt: string | null;
  endAt: string | null;
  catchUp: CatchUp;
  nextRunAt: string | null;
  lastRunAt: string | null;
  createdAt: string;
  updatedAt: string;
  retry: RetrySettings;
  timeout: string;
  headers: StringMap;
  labels: StringMap;
  /** `getSchedule` only: the next occurrences. */
  nextRuns?: string[];
}

export interface CreateScheduleInput {
  name: string;
  /** Exactly one of `cron` and `every`. */
  cron?: string;
  every?: string;
  timezone?: string;
  title: string;
  webhookUrl: string;
  payload?: JsonObject;
  startAt?: string | Date;
  endAt?: string | Date;
  paused?: boolean;
  catchUp?: CatchUp;
}

export type UpdateScheduleInput = Partial<Omit<CreateScheduleInput, 'paused' | 'startAt' | 'endAt'>> & {
  startAt?: string | Date | null;
  endAt?: string | Date | null;
};

export interface SchedulePage {
  schedules: Schedule[];
  pagination: { total: number; page: number; limit: number; totalPages: number };
}

export type EndpointState = 'CLOSED' | 'OPEN' | 'HALF_OPEN' | 'PAUSED';

/** An endpoint's attempts over a span. */
export interface EndpointTraffic {
  attempts: number;
  successes: number;
  /** 0 to 1; null without attempts. */
  successRate: number | null;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
}

/** The receivers of one origin (scheme, host, port) of a project: its flow control, breaker and health. */
export interface Endpoint {
  id: string;
  projectId: string;
  origin: string;
  /** Deliveries per second across every worker. */
  rateLimit: number | null;
  burst: number | null;
  /** Attempts in flight at once across every worker. */
  parallelism: number | null;
  paused: boolean;
  state: EndpointState;
  health: { lastHour: EndpointTraffic; lastDay: EndpointTraffic; lastError: string | null; lastErrorAt: string | null };
  consecutiveFailures: number;
  openedAt: string | null;
  probeAt: string | null;
  /** A receiver's Retry-After: nothing is sent before it. */
  retryAfterUntil: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface UpdateEndpointInput {
  rateLimit?: number | null;
  burst?: number | null;
  parallelism?: number | null;
  paused?: boolean;
}

/** One status change of a job, as subscriptions deliver it. */
export interface JobStatusEvent {
  jobId: string;
  projectId: string;
  status: JobStatus;
  /** null for the job's creation (its first SCHEDULED). */
  previousStatus: JobStatus | null;
  retryCount: number;
  /** When the change was committed. */
  at: string;
  job: Job;
}

/** What `subscribe` follows: one job, a project, or a schedule's runs (none: every project of the caller). */
export interface SubscriptionFilter {
  jobId?: string;
  projectId?: string;
  scheduleId?: string;
}
