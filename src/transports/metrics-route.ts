import ipaddr from 'ipaddr.js';
import type { FastifyInstance } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import type { Metrics } from '../metrics.js';
import { fail } from './rest/envelope.js';

/** Networks a scraper without a token may call from: this machine and private networks. */
const INTERNAL_RANGES = new Set(['loopback', 'private', 'uniqueLocal', 'linkLocal', 'carrierGradeNat']);

/** Whether a client address is on this machine or a private network. */
export function isInternal(ip: string): boolean {
  try {
    const parsed = ipaddr.process(ip);
    return INTERNAL_RANGES.has(parsed.range());
  } catch {
    return false;
  }
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * `GET /metrics` in the Prometheus text format, and the request timings behind it. The
 * counts span every project, so they are not for the public: with METRICS_TOKEN set a
 * scraper must send `Authorization: Bearer <token>`; without it only clients on loopback or
 * a private network are answered (anyone else gets the same 404 as any unknown route).
 */
export function registerMetrics(app: FastifyInstance, metrics: Metrics, token: string | undefined): void {
  app.addHook('onResponse', async (request, reply) => {
    // The route's pattern, never the raw URL: one series per route, not per job id.
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.requestServed(request.method, route, reply.statusCode, reply.elapsedTime);
  });

  app.get('/metrics', async (request, reply) => {
    const allowed = token === undefined
      ? isInternal(request.ip)
      : sameSecret(request.headers.authorization ?? '', `Bearer ${token}`);
    if (!allowed) return fail(reply, 404, `Route GET /metrics not found`);
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}
