import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthService } from '../../domain/auth/auth.service.js';
import type { Principal } from '../../domain/auth/principal.js';
import type { Access, Target } from '../../domain/members/access.js';
import { PERMISSIONS, type Operation } from '../../domain/members/permissions.js';
import { limitSubject, rateLimitHeaders, type RateLimiter } from '../../domain/rate-limiter.js';
import { badInput, unauthenticated } from '../../errors.js';

/** How a REST route authenticates: writes with `x-api-key`, the seed's reads with a Bearer session, newer reads with either. */
export type RestAuth = 'apiKey' | 'bearer' | 'either';

/** Authenticates a REST request and counts it against its rate limit (setting the RateLimit headers). */
export function restCaller(deps: { auth: AuthService; limiter: RateLimiter; access: Access }) {
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
  const authenticate = (request: FastifyRequest, how: RestAuth): Promise<Principal> => {
    if (how === 'apiKey') return byApiKey(request);
    if (how === 'bearer') return byBearer(request);
    if (request.headers['x-api-key'] !== undefined) return byApiKey(request);
    if (request.headers.authorization !== undefined) return byBearer(request);
    throw unauthenticated('Missing x-api-key header or Authorization: Bearer token');
  };

  /**
   * The caller, allowed to run `operation` on `target` (PERMISSIONS: role and key scope; 403
   * naming what is missing otherwise) and counted against that operation's rate limit.
   */
  return async (request: FastifyRequest, reply: FastifyReply, how: RestAuth, operation: Operation, target?: Target): Promise<Principal> => {
    const principal = await deps.access.authorize({ ...(await authenticate(request, how)), ip: request.ip }, operation, target);
    request.principal = principal;
    const limit = (PERMISSIONS[operation] as { limit?: 'schedule' | 'read' }).limit;
    const decision = limit ? await deps.limiter.hit(limit, limitSubject(limit, principal)) : null;
    if (decision) reply.headers(rateLimitHeaders(decision));
    return principal;
  };
}

/** A request body that must be a JSON object. */
export function objectBody(request: FastifyRequest): Record<string, unknown> {
  const body = request.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badInput('body', 'Request body must be a JSON object');
  return body as Record<string, unknown>;
}
