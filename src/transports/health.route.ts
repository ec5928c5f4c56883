import type { FastifyInstance } from 'fastify';
import { ok } from './rest/envelope.js';

/** What /healthz reports: healthy, and what each part said. */
export type HealthCheck = () => Promise<{ healthy: boolean; checks: Record<string, unknown> }>;

const REQUEST_ID_HEADER = { 'X-Request-ID': { type: 'string', description: "The request's id" } };

/** `GET /healthz` for orchestrators: 200 while the database answers, 503 otherwise; no credentials. */
export function registerHealthRoute(app: FastifyInstance, health: HealthCheck): void {
  const answer = (status: boolean, message: string) => ({
    type: 'object',
    properties: { status: { const: status }, message: { const: message }, data: { $ref: 'Health#' } },
    required: ['status', 'message', 'data'],
    additionalProperties: false,
  });
  const schema = {
    summary: 'Health check', tags: ['Operations'],
    response: {
      200: { description: 'The database answers', headers: REQUEST_ID_HEADER, ...answer(true, 'ok') },
      503: { description: 'The database is unreachable', headers: REQUEST_ID_HEADER, ...answer(false, 'unavailable') },
    },
  };
  app.get('/healthz', { schema }, async (_request, reply) => {
    const { healthy, checks } = await health();
    return healthy ? ok(reply, 200, 'ok', checks) : reply.code(503).send({ status: false, message: 'unavailable', data: checks });
  });
}
