import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Principal } from '../domain/auth/principal.js';
import { runInRequestScope } from '../request-scope.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who the request authenticated as (set by the REST and GraphQL layers), for the access log. */
    principal?: Principal;
  }
}

/** Probes that orchestrators and scrapers send every few seconds: logged at debug, not info. */
const PROBES = new Set(['/healthz', '/metrics']);

/**
 * One access line per HTTP request, through the request's logger (so with its requestId):
 * method, route pattern, path, status, duration, client address, and the project (API key)
 * or user (session) it authenticated as. Never headers, bodies or query strings, where
 * credentials and payloads live. LOG_LEVEL=warn turns the lines off.
 */
export function registerAccessLog(app: FastifyInstance): void {
  // Everything done while serving a request (hooks, handler, the services it calls) runs in its scope.
  app.addHook('onRequest', (request, _reply, done) => runInRequestScope(request.id, done));
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url;
    const level = route !== undefined && PROBES.has(route) ? 'debug' : 'info';
    if ((request.log as Logger).isLevelEnabled(level)) {
      const path = request.url.split('?')[0];
      const principal = request.principal;
      request.log[level]({
        method: request.method,
        route: route ?? null,
        path,
        status: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime * 10) / 10,
        ip: request.ip,
        ...(principal?.kind === 'apiKey' ? { projectId: principal.projectId } : principal ? { userId: principal.userId } : {}),
      }, `${request.method} ${path} ${reply.statusCode}`);
    }
    done();
  });
}
