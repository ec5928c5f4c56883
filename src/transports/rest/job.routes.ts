import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { limitSubject, rateLimitHeaders, type RateLimiter, type RateLimitKind } from '../../domain/rate-limiter.js';
import type { AuthService } from '../../domain/auth/auth.service.js';
import type { Principal } from '../../domain/auth/principal.js';
import type { JobService } from '../../domain/jobs/job.service.js';
import { badInput, unauthenticated } from '../../errors.js';
import { ok } from './envelope.js';
import { jobJson, jobWithProjectJson, logJson } from './job-json.js';

/** The documented REST endpoints: parse, call the job service once, wrap in the envelope. */
export function registerJobRoutes(app: FastifyInstance, deps: { auth: AuthService; jobs: JobService; limiter: RateLimiter }) {
  const limit = async (reply: FastifyReply, kind: RateLimitKind, subject: string) => {
    const decision = await deps.limiter.hit(kind, subject);
    if (decision) reply.headers(rateLimitHeaders(decision));
  };
  const byApiKey = async (request: FastifyRequest): Promise<Principal> => {
    const key = request.headers['x-api-key'];
    if (typeof key !== 'string' || !key) throw unauthenticated('Missing x-api-key header');
    const principal = await deps.auth.authenticateApiKey(key.trim());
    if (!principal) throw unauthenticated('Invalid API key');
    return principal;
  };
  const byBearer = async (request: FastifyRequest): Promise<Principal> => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
    if (!match) throw unauthenticated('Missing Authorization: Bearer token');
    const principal = await deps.auth.authenticateSession(match[1]);
    if (!principal) throw unauthenticated('Invalid or expired session token');
    return principal;
  };

  app.post('/api/v1/jobs', async (request, reply) => {
    const principal = await byApiKey(request);
    await limit(reply, 'schedule', limitSubject('schedule', principal));
    const body = request.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badInput('body', 'Request body must be a JSON object');
    // The key decides the project; a projectId in the body is ignored.
    const key = request.headers['idempotency-key'] ?? request.headers['x-idempotency-key'];
    const job = await deps.jobs.schedule(principal, { ...(body as Record<string, unknown>), projectId: undefined }, typeof key === 'string' ? key : undefined);
    return ok(reply, 201, 'Job scheduled successfully', jobJson(job));
  });

  app.delete<{ Params: { id: string } }>('/api/v1/jobs/:id', async (request, reply) => {
    const principal = await byApiKey(request);
    await limit(reply, 'schedule', limitSubject('schedule', principal));
    await deps.jobs.cancel(principal, request.params.id);
    return ok(reply, 200, 'Job cancelled successfully', null);
  });

  app.get<{ Querystring: Record<string, string> }>('/api/v1/jobs', async (request, reply) => {
    const principal = await byBearer(request);
    await limit(reply, 'read', limitSubject('read', principal));
    const { jobs, pagination } = await deps.jobs.list(principal, request.query);
    return ok(reply, 200, 'Jobs fetched successfully', { jobs: jobs.map(jobWithProjectJson), pagination });
  });

  app.get<{ Params: { id: string } }>('/api/v1/jobs/:id', async (request, reply) => {
    const principal = await byBearer(request);
    await limit(reply, 'read', limitSubject('read', principal));
    const job = await deps.jobs.get(principal, request.params.id);
    const logs = await deps.jobs.logs(job.id);
    return ok(reply, 200, 'Job fetched successfully', { ...jobWithProjectJson(job), logs: logs.map(logJson) });
  });
}
