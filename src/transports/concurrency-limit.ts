import type { FastifyInstance } from 'fastify';
import { fail } from './rest/envelope.js';

/**
 * At most `max` requests in progress at once per client address (0: no limit); past it a
 * 429 envelope with `Retry-After: 1`, before the body is read. A request counts until its
 * response is sent or its connection closes, whichever comes first. `/healthz` is exempt,
 * so an orchestrator's probe is never refused.
 */
export function limitConcurrentRequests(app: FastifyInstance, max: number): void {
  if (max === 0) return;
  const inFlight = new Map<string, number>();
  app.addHook('onRequest', async (request, reply) => {
    if (request.url === '/healthz') return;
    const ip = request.ip;
    const count = inFlight.get(ip) ?? 0;
    if (count >= max) {
      // Refused before the request-id hook runs: the answer still carries its id.
      return fail(reply.header('retry-after', '1').header('x-request-id', request.id), 429, `Too many concurrent requests from this address (at most ${max} at once)`);
    }
    inFlight.set(ip, count + 1);
    // 'close' comes once per response: sent in full, or the client went away.
    reply.raw.once('close', () => {
      const left = (inFlight.get(ip) ?? 1) - 1;
      if (left <= 0) inFlight.delete(ip);
      else inFlight.set(ip, left);
    });
  });
}
