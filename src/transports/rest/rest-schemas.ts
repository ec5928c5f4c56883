import { ENDPOINT_STATES } from '../../domain/endpoints/endpoint.service.js';
import { JOB_STATUSES } from '../../domain/jobs/job-status.js';

/**
 * JSON Schemas (2020-12, as OpenAPI 3.1 takes them) of what the REST layer sends and takes.
 * The routes carry them as their Fastify schemas, @fastify/swagger turns those into
 * `openapi.json`, and the integration tests hold every answer the suite receives to them:
 * the response objects list every key and allow no other, so a field added, dropped or
 * changed without its schema fails a test.
 */

type Schema = Record<string, unknown>;

const nullable = (schema: Schema): Schema => ({ ...schema, type: [schema.type as string, 'null'] });
const ref = (id: string): Schema => ({ $ref: `${id}#` });
const nullableRef = (id: string): Schema => ({ anyOf: [ref(id), { type: 'null' }] });
/** An object with exactly these keys, all of them present. */
const exactly = (properties: Record<string, Schema>, extra: Schema = {}): Schema => ({
  type: 'object', properties, required: Object.keys(properties), additionalProperties: false, ...extra,
});

const uuid: Schema = { type: 'string', format: 'uuid' };
const time: Schema = { type: 'string', format: 'date-time', description: 'ISO 8601 in UTC with milliseconds, e.g. 2026-06-13T09:30:00.000Z' };
const duration: Schema = { type: 'string', description: 'A duration such as 500ms, 30s, 15m, 2h or 1d', examples: ['30s'] };
const strings: Schema = { type: 'object', additionalProperties: { type: 'string' } };
const jsonObject: Schema = { type: 'object', additionalProperties: true, description: 'Any JSON object' };
const count: Schema = { type: 'integer', minimum: 0 };

/** The shared schemas, registered with Fastify (`app.addSchema`) and listed under `components.schemas`. */
export const SHARED_SCHEMAS: Schema[] = [
  {
    $id: 'Error',
    description: 'Every error answer: the envelope with status false, a message that names what is wrong, and no data.',
    ...exactly({ status: { const: false }, message: { type: 'string' }, data: { type: 'null' } }),
  },
  {
    $id: 'RetryPolicy',
    description: "The retry policy a job's failed attempts follow: its own values, or the server's defaults.",
    ...exactly({ maxAttempts: { type: 'integer', minimum: 1 }, delays: { type: 'array', items: duration }, maxDelay: duration }),
  },
  {
    $id: 'Hold',
    description: "How long the job's last attempt waited past its due time for its endpoint, and why.",
    ...exactly({ ms: count, reason: { type: 'string' }, message: { type: 'string', examples: ['held by endpoint rate limit for 3.2 s'] } }),
  },
  { $id: 'Job', description: 'A scheduled webhook.', ...exactly(jobProperties()) },
  { $id: 'ListedJob', description: 'A job in a list, with its project.', ...exactly({ ...jobProperties(), project: ref('ProjectRef') }) },
  {
    $id: 'JobDetail',
    description: 'A job with its project and its delivery log (the newest 100 attempts, newest first).',
    ...exactly({ ...jobProperties(), project: ref('ProjectRef'), logs: { type: 'array', items: ref('DeliveryLog') } }),
  },
  { $id: 'ProjectRef', ...exactly({ id: uuid, name: { type: 'string' } }) },
  { $id: 'DeliveryLog', description: 'One delivery attempt.', ...exactly(logProperties()) },
  {
    $id: 'LogEntry',
    description: 'A delivery attempt in a log list, with its job.',
    ...exactly({ id: uuid, jobId: uuid, jobTitle: { type: 'string' }, ...withoutId(logProperties()) }),
  },
  {
    $id: 'Pagination',
    type: 'object',
    properties: {
      total: count,
      page: { type: ['integer', 'null'], minimum: 1, description: 'null when paging by cursor' },
      limit: { type: 'integer', minimum: 1, maximum: 100 },
      totalPages: count,
      totalIsEstimate: { const: true, description: "Present (and true) only when `total` is the planner's estimate" },
    },
    required: ['total', 'page', 'limit', 'totalPages'],
    additionalProperties: false,
  },
  {
    $id: 'BulkResult',
    description: 'What a bulk action did: how many jobs, and their ids.',
    ...exactly({ count, ids: { type: 'array', items: uuid } }),
  },
  { $id: 'Schedule', description: 'A recurring schedule: each occurrence becomes one job.', ...exactly(scheduleProperties()) },
  {
    $id: 'ScheduleDetail',
    description: 'A schedule with its next occurrences.',
    ...exactly({ ...scheduleProperties(), nextRuns: { type: 'array', items: time } }),
  },
  {
    $id: 'Traffic',
    ...exactly({
      attempts: count, successes: count, successRate: { type: ['number', 'null'], minimum: 0, maximum: 1 },
      latencyP50Ms: { type: ['number', 'null'] }, latencyP95Ms: { type: ['number', 'null'] },
    }),
  },
  {
    $id: 'Endpoint',
    description: "A receiver origin of a project, with its flow control, circuit breaker and health.",
    ...exactly({
      id: uuid,
      projectId: uuid,
      origin: { type: 'string', examples: ['https://api.example.com'] },
      rateLimit: { type: ['number', 'null'], description: 'Deliveries per second across every worker' },
      burst: { type: ['integer', 'null'] },
      parallelism: { type: ['integer', 'null'] },
      paused: { type: 'boolean' },
      state: { enum: [...ENDPOINT_STATES] },
      health: exactly({ lastHour: ref('Traffic'), lastDay: ref('Traffic'), lastError: { type: ['string', 'null'] }, lastErrorAt: nullable(time) }),
      consecutiveFailures: count,
      openedAt: nullable(time),
      probeAt: nullable(time),
      retryAfterUntil: nullable(time),
      createdAt: time,
      updatedAt: time,
    }),
  },
  {
    $id: 'Health',
    description: 'What /healthz checked.',
    type: 'object',
    properties: { database: { enum: ['ok', 'down'] }, mongodb: { enum: ['ok', 'down'] }, role: { enum: ['all', 'api', 'worker'] } },
    required: ['database', 'role'],
    additionalProperties: false,
  },
];

function jobProperties(): Record<string, Schema> {
  return {
    id: uuid,
    projectId: uuid,
    title: { type: 'string' },
    webhookUrl: { type: 'string', format: 'uri' },
    payload: jsonObject,
    fireAt: time,
    status: { enum: [...JOB_STATUSES] },
    retryCount: count,
    createdAt: time,
    updatedAt: time,
    scheduleId: nullable(uuid),
    scheduledFor: nullable(time),
    retry: ref('RetryPolicy'),
    timeout: duration,
    headers: { ...strings, description: 'Extra request headers of every attempt (names lower-cased)' },
    expiresAt: nullable(time),
    labels: strings,
    replayOf: nullable(uuid),
    endpointId: nullable(uuid),
    held: nullableRef('Hold'),
  };
}

function logProperties(): Record<string, Schema> {
  return {
    id: uuid,
    attempt: { type: 'integer', minimum: 1 },
    status: { enum: ['SUCCESS', 'FAILED'] },
    responseCode: { type: ['integer', 'null'], description: 'null when no response came' },
    responseBody: { type: ['string', 'null'], description: 'The captured response body (capped)' },
    firedAt: time,
    durationMs: { type: 'number', minimum: 0 },
    error: { type: ['string', 'null'], description: 'Why the attempt failed without a 2xx: timeout, connection refused, blocked address…' },
  };
}

function withoutId(properties: Record<string, Schema>): Record<string, Schema> {
  const { id: _id, ...rest } = properties;
  return rest;
}

function scheduleProperties(): Record<string, Schema> {
  return {
    id: uuid,
    projectId: uuid,
    name: { type: 'string' },
    cron: { type: ['string', 'null'], examples: ['0 9 * * 1-5'] },
    every: nullable(duration),
    timezone: { type: 'string', examples: ['Europe/Paris'] },
    title: { type: 'string' },
    webhookUrl: { type: 'string', format: 'uri' },
    payload: jsonObject,
    paused: { type: 'boolean' },
    startAt: nullable(time),
    endAt: nullable(time),
    catchUp: { enum: ['NONE', 'LATEST', 'ALL'] },
    nextRunAt: nullable(time),
    lastRunAt: nullable(time),
    createdAt: time,
    updatedAt: time,
    retry: ref('RetryPolicy'),
    timeout: duration,
    headers: strings,
    labels: strings,
  };
}

/* ---- request bodies and queries (what the domain accepts; it names the field of any bad value) ---- */

const retryInput: Schema = {
  type: ['object', 'null'],
  properties: { maxAttempts: { type: 'integer', minimum: 1, maximum: 20 }, delays: { type: 'array', items: duration, minItems: 1, maxItems: 20 }, maxDelay: duration },
  additionalProperties: false,
};

/** The fields of a job as given to POST /api/v1/jobs (and each item of a batch). */
export const jobInputProperties: Record<string, Schema> = {
  title: { type: 'string', minLength: 1, maxLength: 500 },
  webhookUrl: { type: 'string', format: 'uri', maxLength: 2048, description: 'An absolute http(s) URL' },
  fireAt: { type: 'string', format: 'date-time', description: 'When to send it: UTC with a trailing Z, in the future. Exactly one of fireAt and delay.' },
  delay: { type: ['string', 'integer'], description: 'Instead of fireAt: how long from now (90s, 15m, 2h, 1d, or milliseconds)' },
  payload: { ...jsonObject, description: 'The JSON object delivered as `payload` (at most 256 KiB; kept byte for byte)' },
  retry: retryInput,
  timeout: { type: ['string', 'integer', 'null'], description: 'Per-attempt timeout, up to DELIVERY_TIMEOUT' },
  headers: { type: ['object', 'null'], additionalProperties: { type: 'string' }, maxProperties: 20 },
  expiresAt: { type: ['string', 'null'], format: 'date-time', description: 'No attempt starts at or after it' },
  labels: { type: 'object', additionalProperties: { type: 'string', maxLength: 256 }, maxProperties: 20 },
  idempotencyKey: { type: 'string', description: 'As the Idempotency-Key header (the way to give one to each item of a batch)' },
};

export const scheduleJobBody: Schema = {
  type: 'object', properties: jobInputProperties, required: ['title', 'webhookUrl'],
  description: 'A job to schedule. A projectId is ignored: the API key decides the project.',
};

export const updateJobBody: Schema = {
  type: 'object',
  properties: { ...jobInputProperties, fireAt: { ...jobInputProperties.fireAt, description: 'A new time (null is refused)' } },
  description: 'Any of the job fields; absent means unchanged, null resets retry, timeout and headers and clears expiresAt.',
};

export const batchBody: Schema = {
  type: 'object', properties: { jobs: { type: 'array', items: scheduleJobBody, maxItems: 1000 } }, required: ['jobs'],
};

export const jobFilterBody: Schema = {
  type: 'object',
  description: 'Which jobs: every condition given must hold (at least one), always within the caller\'s project.',
  properties: {
    ids: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 10_000 },
    status: { enum: [...JOB_STATUSES] },
    labels: strings,
    scheduleId: { type: 'string' },
    fireAtFrom: { type: 'string', format: 'date-time' },
    fireAtTo: { type: 'string', format: 'date-time' },
  },
};

export const replayBody: Schema = {
  type: 'object', properties: { fireAt: { type: ['string', 'null'], format: 'date-time', description: 'When the new job fires (default: now)' } },
};

const scheduleTiming: Record<string, Schema> = {
  name: { type: 'string', minLength: 1, maxLength: 200 },
  cron: { type: ['string', 'null'], description: '5 fields, or 6 with seconds first; @daily and the like. Exactly one of cron and every.' },
  every: { type: ['string', 'integer', 'null'], description: 'A fixed interval (1 s to 366 days)' },
  timezone: { type: 'string', description: 'IANA zone the cron expression is read in (default UTC)' },
  title: { type: 'string', minLength: 1, maxLength: 500 },
  webhookUrl: { type: 'string', format: 'uri', maxLength: 2048 },
  payload: jsonObject,
  startAt: { type: ['string', 'null'], format: 'date-time' },
  endAt: { type: ['string', 'null'], format: 'date-time' },
  catchUp: { enum: ['NONE', 'LATEST', 'ALL'] },
  retry: retryInput,
  timeout: jobInputProperties.timeout,
  headers: jobInputProperties.headers,
  labels: jobInputProperties.labels,
};

export const createScheduleBody: Schema = {
  type: 'object', properties: { ...scheduleTiming, paused: { type: 'boolean', description: 'Create it paused' } }, required: ['name', 'title', 'webhookUrl'],
};

export const updateScheduleBody: Schema = {
  type: 'object', properties: scheduleTiming, description: 'Any of the fields; absent means unchanged. `paused` changes only by pause and resume.',
};

export const updateEndpointBody: Schema = {
  type: 'object',
  properties: {
    rateLimit: { type: ['number', 'null'], minimum: 0.001, maximum: 100_000 },
    burst: { type: ['integer', 'null'], minimum: 1, maximum: 100_000 },
    parallelism: { type: ['integer', 'null'], minimum: 1, maximum: 10_000 },
    paused: { type: 'boolean' },
  },
  description: 'Fields left out stay as they are; null clears a limit.',
};

const page = { type: 'integer', minimum: 1, maximum: 1_000_000, default: 1 };
const limit = { type: 'integer', minimum: 1, maximum: 100, default: 20 };
const cursor = { type: 'string', description: 'Pages by cursor: empty for the first page, then the previous answer\'s nextCursor' };

export const jobListQuery: Schema = {
  type: 'object',
  properties: {
    status: { enum: [...JOB_STATUSES] },
    projectId: { type: 'string' },
    page,
    limit,
    label: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }], description: 'key:value; repeat it to require several' },
    scheduleId: { type: 'string' },
    search: { type: 'string', maxLength: 200 },
    fireAtFrom: { type: 'string', format: 'date-time' },
    fireAtTo: { type: 'string', format: 'date-time' },
    createdAtFrom: { type: 'string', format: 'date-time' },
    createdAtTo: { type: 'string', format: 'date-time' },
    cursor,
  },
};

export const logListQuery: Schema = {
  type: 'object',
  properties: {
    projectId: { type: 'string' },
    jobId: { type: 'string' },
    status: { enum: ['SUCCESS', 'FAILED'] },
    since: { type: 'string', format: 'date-time' },
    until: { type: 'string', format: 'date-time' },
    limit,
    cursor,
  },
};

export const jobLogQuery: Schema = { type: 'object', properties: { limit, cursor } };

export const scheduleListQuery: Schema = {
  type: 'object', properties: { projectId: { type: 'string' }, paused: { type: 'boolean' }, page, limit },
};

export const scheduleGetQuery: Schema = {
  type: 'object', properties: { runs: { type: 'integer', minimum: 1, maximum: 100, default: 5, description: 'How many next runs to list' } },
};

export const endpointListQuery: Schema = {
  type: 'object', properties: { projectId: { type: 'string', description: 'Required with a session token' } },
};

export const idParams = (what: string): Schema => ({
  type: 'object', properties: { id: { type: 'string', description: `The ${what}'s id (an unknown or malformed one answers 404)` } }, required: ['id'],
});
