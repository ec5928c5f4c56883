import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuthService } from '../../domain/auth/auth.service.js';
import type { Principal } from '../../domain/auth/principal.js';
import type { JobService } from '../../domain/jobs/job.service.js';
import { badInput, unauthenticated } from '../../errors.js';
import { ok } from './envelope.js';
import { jobJson, jobWithProjectJson, logJson } from './job-json.js';

/** The documented REST endpoints: parse, call the job service once, wrap in the envelope. */
export function registerJobRoutes(app: FastifyInstance, deps: { auth: AuthService; jobs: JobService }) {
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
    const body = request.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badInput('body', 'Request body must be a JSON object');
    // The key decides the project; a projectId in the body is ignored.
    const job = await deps.jobs.schedule(principal, { ...(body as Record<string, unknown>), projectId: undefined });
    return ok(reply, 201, 'Job scheduled successfully', jobJson(job));
  });

  app.delete<{ Params: { id: string } }>('/api/v1/jobs/:id', async (request, reply) => {
    await deps.jobs.cancel(await byApiKey(request), request.params.id);
    return ok(reply, 200, 'Job cancelled successfully', null);
  });

  app.get<{ Querystring: Record<string, string> }>('/api/v1/jobs', async (request, reply) => {
    const { jobs, pagination } = await deps.jobs.list(await byBearer(request), request.query);
    return ok(reply, 200, 'Jobs fetched successfully', { jobs: jobs.map(jobWithProjectJson), pagination });
  });

  app.get<{ Params: { id: string } }>('/api/v1/jobs/:id', async (request, reply) => {
    const job = await deps.jobs.get(await byBearer(request), request.params.id);
    const logs = await deps.jobs.logs(job.id);
    return ok(reply, 200, 'Job fetched successfully', { ...jobWithProjectJson(job), logs: logs.map(logJson) });
  });
}
