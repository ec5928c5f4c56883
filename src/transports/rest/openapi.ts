import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerHealthRoute } from '../health.route.js';
import { registerEndpointRoutes } from './endpoint.routes.js';
import { registerJobRoutes } from './job.routes.js';
import { SHARED_SCHEMAS } from './rest-schemas.js';
import { registerScheduleRoutes } from './schedule.routes.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** The checked-in copy of the document (npm run openapi writes it; a test keeps it current). */
export const OPENAPI_FILE = path.join(ROOT, 'openapi.json');
const VERSION = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/**
 * Makes the routes' Fastify schemas the API's description: @fastify/swagger collects them
 * into an OpenAPI 3.1 document served at `GET /api/v1/openapi.json`. Call before any route
 * is added.
 *
 * The schemas describe; they do not run. The domain checks every input itself, so that each
 * message names the field in the contract's words, and answers are serialised as they are
 * built (JSON.stringify), byte for byte as before the schemas. What keeps document and
 * server together is the test suite: every REST answer it receives is validated against the
 * document.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  app.setValidatorCompiler(() => () => true);
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  for (const schema of SHARED_SCHEMAS) app.addSchema(schema);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Dispatch REST API',
        version: VERSION,
        description: 'Schedule a webhook POST for an exact UTC millisecond, with retries and delivery logs. Every answer is the envelope `{status, message, data}`; every response carries `X-Request-ID`. GraphQL (with live subscriptions) is at /graphql.',
        license: { name: 'MIT', identifier: 'MIT' },
      },
      servers: [{ url: 'http://localhost:4000', description: 'A local Dispatch on the default PORT' }],
      tags: [
        { name: 'Jobs', description: 'One-off webhooks: schedule, change, run, replay, cancel, list' },
        { name: 'Logs', description: 'Delivery attempts' },
        { name: 'Schedules', description: 'Recurring schedules (cron or a fixed interval)' },
        { name: 'Endpoints', description: 'Receiver origins: rate limits, parallelism, pause, circuit breaker, health' },
        { name: 'Operations', description: 'For orchestrators' },
      ],
      components: {
        securitySchemes: {
          apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key', description: "A project's API key (sk_…): writes, and reads of that project" },
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'A session token from the GraphQL register or login mutation: reads across the user\'s projects' },
        },
      },
    },
    // Shared schemas keep their names under components.schemas.
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
    hideUntagged: true,
  });
  app.get('/api/v1/openapi.json', async (_request, reply) => reply.header('cache-control', 'no-cache').send(app.swagger()));
}

/** The document as the service serves it, built from the routes alone (no database, no services). */
export async function openApiDocument(): Promise<Record<string, unknown>> {
  const app = Fastify();
  await registerOpenApi(app);
  // Describing the routes needs none of what their handlers call.
  const services = {} as never;
  registerHealthRoute(app, services);
  registerJobRoutes(app, services);
  registerScheduleRoutes(app, services);
  registerEndpointRoutes(app, services);
  await app.ready();
  const document = app.swagger() as unknown as Record<string, unknown>;
  await app.close();
  return document;
}

/** openapi.json's text. */
export async function printOpenApiFile(): Promise<string> {
  return `${JSON.stringify(await openApiDocument(), null, 2)}\n`;
}
