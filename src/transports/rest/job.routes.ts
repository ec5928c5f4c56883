import type { FastifyInstance } from 'fastify';
import type { AuthService } from '../../domain/auth/auth.service.js';
import type { JobService } from '../../domain/jobs/job.service.js';
import type { RateLimiter } from '../../domain/rate-limiter.js';
import { ok } from './envelope.js';
import { jobJson, jobWithProjectJson, logJson } from './job-json.js';
import { objectBody, restCaller } from './rest-auth.js';

/** The documented REST endpoints: parse, call the job service once, wrap in the envelope. */
export function registerJobRoutes(app: FastifyInstance, deps: { auth: AuthService; jobs: JobService; limiter: RateLimiter }) {
  const caller = restCaller(deps);

  app.post('/api/v1/jobs', async (request, reply) => {
    const principal = await caller(request, reply, 'apiKey', 'schedule');
    const body = objectBody(request);
    // The key decides the project; a projectId in the body is ignored.
    const key = request.headers['idempotency-key'] ?? request.headers['x-idempotency-key'];
    const job = await deps.jobs.schedule(principal, { ...body, projectId: undefined }, typeof key === 'string' ? key : undefined);
    return ok(reply, 201, 'Job scheduled successfully', jobJson(job));
  });

  app.delete<{ Params: { id: string } }>('/api/v1/jobs/:id', async (request, reply) => {
    const principal = await caller(request, reply, 'apiKey', 'schedule');
    await deps.jobs.cancel(principal, request.params.id);
    return ok(reply, 200, 'Job cancelled successfully', null);
  });

  app.get<{ Querystring: Record<string, string> }>('/api/v1/jobs', async (request, reply) => {
    const principal = await caller(request, reply, 'bearer', 'read');
    const { jobs, pagination } = await deps.jobs.list(principal, request.query);
    return ok(reply, 200, 'Jobs fetched successfully', { jobs: jobs.map(jobWithProjectJson), pagination });
  });

  app.get<{ Params: { id: string } }>('/api/v1/jobs/:id', async (request, reply) => {
    const principal = await caller(request, reply, 'bearer', 'read');
    const job = await deps.jobs.get(principal, request.params.id);
    const logs = await deps.jobs.logs(job.id);
    return ok(reply, 200, 'Job fetched successfully', { ...jobWithProjectJson(job), logs: logs.map(logJson) });
  });
}
