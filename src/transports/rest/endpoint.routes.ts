import type { FastifyInstance } from 'fastify';
import type { AuthService } from '../../domain/auth/auth.service.js';
import type { EndpointService, EndpointView } from '../../domain/endpoints/endpoint.service.js';
import type { Access } from '../../domain/members/access.js';
import type { RateLimiter } from '../../domain/rate-limiter.js';
import { ok } from './envelope.js';
import { objectBody, restCaller } from './rest-auth.js';
import { ENDPOINT_ROUTE_SCHEMAS } from './endpoint.schemas.js';

/** The REST endpoint object: settings, state and health, timestamps as ISO with milliseconds. */
export function endpointJson(endpoint: EndpointView) {
  const iso = (date: Date | null) => date?.toISOString() ?? null;
  return {
    id: endpoint.id,
    projectId: endpoint.projectId,
    origin: endpoint.origin,
    rateLimit: endpoint.rateLimit,
    burst: endpoint.burst,
    parallelism: endpoint.parallelism,
    paused: endpoint.paused,
    state: endpoint.state,
    health: { ...endpoint.health, lastErrorAt: iso(endpoint.health.lastErrorAt) },
    consecutiveFailures: endpoint.consecutiveFailures,
    openedAt: iso(endpoint.openedAt),
    probeAt: iso(endpoint.probeAt),
    retryAfterUntil: iso(endpoint.retryAfterUntil),
    createdAt: endpoint.createdAt.toISOString(),
    updatedAt: endpoint.updatedAt.toISOString(),
  };
}

/** Receiver endpoints over REST: the list with a key or a session, changes with `x-api-key`. */
export function registerEndpointRoutes(app: FastifyInstance, deps: { auth: AuthService; endpoints: EndpointService; limiter: RateLimiter; access: Access }) {
  const caller = restCaller(deps);
  const { endpoints } = deps;

  app.get<{ Querystring: Record<string, string> }>('/api/v1/endpoints', { schema: ENDPOINT_ROUTE_SCHEMAS.list }, async (request, reply) => {
    const principal = await caller(request, reply, 'either', 'endpoints');
    const rows = await endpoints.list(principal, request.query.projectId);
    return ok(reply, 200, 'Endpoints fetched successfully', { endpoints: rows.map(endpointJson) });
  });

  app.patch<{ Params: { id: string } }>('/api/v1/endpoints/:id', { schema: ENDPOINT_ROUTE_SCHEMAS.update }, async (request, reply) => {
    const principal = await caller(request, reply, 'apiKey', 'updateEndpoint');
    const endpoint = await endpoints.update(principal, request.params.id, objectBody(request));
    return ok(reply, 200, 'Endpoint updated successfully', endpointJson(endpoint));
  });
}
