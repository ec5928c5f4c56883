import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuthService } from '../../domain/auth/auth.service.js';
import type { JobControlService } from '../../domain/job-control/job-control.service.js';
import { parseLabelFilter } from '../../domain/jobs/delivery-options.js';
import type { DeliveryLogService } from '../../domain/delivery-logs/delivery-log.service.js';
import type { JobListService } from '../../domain/jobs/job-list.service.js';
import type { JobService } from '../../domain/jobs/job.service.js';
import type { JobRecord } from '../../domain/jobs/job.store.js';
import type { Access } from '../../domain/members/access.js';
import type { RateLimiter } from '../../domain/rate-limiter.js';
import { RawJson } from '../../domain/validation.js';
import { ok } from './envelope.js';
import { jobJson, jobWithProjectJson, logJson, logListJson } from './job-json.js';
import { rawJsonAt, type RawAt } from './raw-json.js';
import { objectBody, restCaller } from './rest-auth.js';
import { JOB_ROUTE_SCHEMAS } from './job.schemas.js';

/** The documented REST endpoints and the job-control additions: parse, call one service, wrap in the envelope. */
export function registerJobRoutes(
  app: FastifyInstance,
  deps: { auth: AuthService; jobs: JobService; jobControl: JobControlService; jobList: JobListService; logs: DeliveryLogService; limiter: RateLimiter; access: Access },
) {
  const caller = restCaller(deps);
  const { jobs, jobControl } = deps;
  const json = (job: JobRecord) => jobJson(job, jobs.options.defaults);
  const idempotencyKey = (request: FastifyRequest) => {
    const key = request.headers['idempotency-key'] ?? request.headers['x-idempotency-key'];
    return typeof key === 'string' ? key : undefined;
  };

  app.post('/api/v1/jobs', { schema: JOB_ROUTE_SCHEMAS.schedule }, async (request, reply) => {
    const principal = await caller(request, reply, 'apiKey', 'scheduleJob');
    // The key decides the project; a projectId in the body is ignored.
    const body = withRawPayload(objectBody(request), rawJsonAt(request.rawBody ?? '', ['payload']));
    const job = await jobs.schedule(principal, { ...body, projectId: undefined }, idempotencyKey(request));
    return ok(reply, 201, 'Job scheduled successfully', json(job));
  });

  app.post('/api/v1/jobs/batch', { schema: JOB_ROUTE_SCHEMAS.batch }, async (request, reply) => {
    const principal = await caller(request, reply, 'apiKey', 'scheduleJobs');
    const body = objectBody(request);
    const payloads = rawJsonAt(request.rawBody ?? '', ['jobs', '*', 'payload']);
    const items = Array.isArray(body.jobs) && Array.isArray(payloads)
      ? body.jobs.map((item: unknown, i) => (isObject(item) ? { ...withRawPayload(item, payloads[i]), projectId: undefined } : item))
      : body.jobs;
    const created = await jobs.scheduleMany(principal, items, undefined, 'jobs');
    return ok(reply, 201, 'Jobs scheduled successfully', { jobs: created.map(json) });
  });

  app.post('/api/v1/jobs/cancel', { schema: JOB_ROUTE_SCHEMAS.cancelMany }, async (request, reply) => {
    const principal = await caller(request, reply, 'apiKey', 'cancelJobs');
    return ok(reply, 200, 'Jobs cancelled successfully', await jobControl.cancelMany(principal, { ...objectBody(request), projectId: undefined }));
  });

  app.post('/api/v1/jobs/replay', { schema: JOB_ROUTE_SCHEMAS.replayMany }, async (request, reply) => {
    const principal = await caller(request, reply, 'apiKey', 'replayJobs');
    return ok(reply, 201, 'Jobs replayed successfully', await jobControl.replayMany(principal, { ...objectBody(request), projectId: undefined }));
  });

  app.delete<{ Params: { id: string } }>('/api/v1/jobs/:id', { schema: JOB_ROUTE_SCHEMAS.cancel }, async (request, reply) => {
    const principal = await caller(request, reply, 'apiKey', 'cancelJob');
    await jobs.cancel(principal, request.params.id);
    return ok(reply, 200, 'Job cancelled successfully', null);
  });

  app.patch<{ Params: { id: string } }>('/api/v1/jobs/:id', { schema: JOB_ROUTE_SCHEMAS.update }, async (request, reply) => {
    const principal = await caller(request, reply, 'apiKey', 'updateJob');
    const body = withRawPayload(objectBody(request), rawJsonAt(request.rawBody ?? '', ['payload']));
    return ok(reply, 200, 'Job updated successfully', json(await jobControl.update(principal, request.params.id, body)));
  });

  app.post<{ Params: { id: string } }>('/api/v1/jobs/:id/run', { schema: JOB_ROUTE_SCHEMAS.runNow }, async (request, reply) => {
    const principal = await caller(request, reply, 'apiKey', 'runJobNow');
    return ok(reply, 200, 'Job triggered successfully', json(await jobControl.runNow(principal, request.params.id)));
  });

  app.post<{ Params: { id: string } }>('/api/v1/jobs/:id/replay', { schema: JOB_ROUTE_SCHEMAS.replay }, async (request, reply) => {
    const principal = await caller(request, reply, 'apiKey', 'replayJob');
    const body = request.body === undefined ? {} : objectBody(request);
    const job = await jobControl.replay(principal, request.params.id, body.fireAt, idempotencyKey(request));
    return ok(reply, 201, 'Job replayed successfully', json(job));
  });

  app.get<{ Querystring: Record<string, string | string[]> }>('/api/v1/jobs', { schema: JOB_ROUTE_SCHEMAS.list }, async (request, reply) => {
    const principal = await caller(request, reply, 'bearer', 'jobs');
    const { label, cursor, ...query } = request.query;
    // `cursor` (empty for the first page) pages by cursor; the product's `page` otherwise.
    const page = await deps.jobList.list(principal, { ...query, labels: parseLabelFilter(label) }, cursor);
    const { totalIsEstimate, ...pagination } = page.pagination;
    return ok(reply, 200, 'Jobs fetched successfully', {
      jobs: page.jobs.map((job) => jobWithProjectJson(job, jobs.options.defaults)),
      // The product's shape, with totalIsEstimate only where the total is an estimate.
      pagination: totalIsEstimate ? { ...pagination, totalIsEstimate } : pagination,
      ...(cursor === undefined ? {} : { nextCursor: page.nextCursor }),
    });
  });

  app.get<{ Params: { id: string } }>('/api/v1/jobs/:id', { schema: JOB_ROUTE_SCHEMAS.get }, async (request, reply) => {
    const principal = await caller(request, reply, 'bearer', 'job');
    const job = await jobs.get(principal, request.params.id);
    const { logs } = await deps.logs.ofJob(principal, job.id, { limit: undefined, limitField: 'limit', cursor: undefined, cursorField: 'cursor' });
    return ok(reply, 200, 'Job fetched successfully', { ...jobWithProjectJson(job, jobs.options.defaults), logs: logs.map(logJson) });
  });

  app.get<{ Params: { id: string }; Querystring: Record<string, string> }>('/api/v1/jobs/:id/logs', { schema: JOB_ROUTE_SCHEMAS.jobLogs }, async (request, reply) => {
    const principal = await caller(request, reply, 'bearer', 'deliveryLogs');
    const { limit, cursor } = request.query;
    const page = await deps.logs.ofJob(principal, request.params.id, { limit, limitField: 'limit', cursor, cursorField: 'cursor' });
    return ok(reply, 200, 'Logs fetched successfully', { logs: page.logs.map(logListJson), nextCursor: page.nextCursor });
  });

  app.get<{ Querystring: Record<string, string> }>('/api/v1/logs', { schema: JOB_ROUTE_SCHEMAS.logs }, async (request, reply) => {
    const principal = await caller(request, reply, 'bearer', 'deliveryLogs');
    const { cursor, ...query } = request.query;
    const page = await deps.logs.list(principal, query, cursor, 'cursor');
    return ok(reply, 200, 'Logs fetched successfully', { logs: page.logs.map(logListJson), nextCursor: page.nextCursor });
  });
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The body with its payload as the exact text the client sent (when there is one). */
function withRawPayload(body: Record<string, unknown>, raw: RawAt): Record<string, unknown> {
  if (body.payload === undefined || typeof raw !== 'string') return body;
  return { ...body, payload: new RawJson(raw, body.payload) };
}
