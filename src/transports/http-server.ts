import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { fastifyApolloDrainPlugin, fastifyApolloHandler } from '@as-integrations/fastify';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import { asAppError } from '../errors.js';
import type { Tracer } from '@opentelemetry/api';
import { registerAccessLog } from './access-log.js';
import { registerRequestTracing } from './request-tracing.js';
import { registerApiDocs } from './api-docs/api-docs.routes.js';
import { registerDashboard } from './dashboard/dashboard.routes.js';
import { extraValidationRules, graphqlArmor } from './graphql/armor.js';
import { principalFrom, type GraphQLContext, type Services } from './graphql/context.js';
import { graphqlErrorFormatter, logUnexpectedErrors, withHttpStatus } from './graphql/format-error.js';
import { fail } from './rest/envelope.js';
import { registerOpenApi } from './rest/openapi.js';
import { registerHealthRoute, type HealthCheck } from './health.route.js';
import { registerJobRoutes } from './rest/job.routes.js';
import { registerEndpointRoutes } from './rest/endpoint.routes.js';
import { registerScheduleRoutes } from './rest/schedule.routes.js';
import type { Metrics } from '../metrics.js';
import { registerMetrics } from './metrics-route.js';
import { requestIdFrom } from './request-id.js';
import { limitConcurrentRequests } from './concurrency-limit.js';

export const BODY_LIMIT_BYTES = 1024 * 1024;

declare module 'fastify' {
  interface FastifyRequest {
    /** A JSON request's body as sent. */
    rawBody?: string;
  }
}

export interface HttpServerDeps {
  services: Services;
  /** Without a schema (ROLE=worker) only the operational endpoints are served. */
  schema: GraphQLSchema | undefined;
  log: Logger;
  production: boolean;
  health: HealthCheck;
  metrics: Metrics;
  /** METRICS_TOKEN: the bearer token /metrics asks for; unset, only internal clients are answered. */
  metricsToken: string | undefined;
  /** How long a client may take over its request, and how many it may have in progress at once. */
  limits: { headersTimeoutMs: number; requestTimeoutMs: number; maxConcurrentPerIp: number };
  /** Given when tracing is on: a span per request. */
  tracer?: Tracer;
}

/** Fastify with /healthz and /metrics, and (given a schema) the REST layer and Apollo on /graphql; not yet listening. */
export async function createHttpServer(deps: HttpServerDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT_BYTES,
    // Fastify's two lines per request are replaced by one access line (access-log.ts).
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'requestId' }),
    genReqId: (request) => requestIdFrom(request.headers['x-request-id']),
    // A client trickling its headers or body (slowloris) is cut off at these; Node checks them
    // every connectionsCheckingInterval, so that is kept well below the shortest.
    requestTimeout: deps.limits.requestTimeoutMs,
    http: {
      headersTimeout: deps.limits.headersTimeoutMs,
      requestTimeout: deps.limits.requestTimeoutMs,
      connectionsCheckingInterval: Math.max(50, Math.min(30_000, Math.floor(deps.limits.headersTimeoutMs / 4))),
    },
  });
  app.server.headersTimeout = deps.limits.headersTimeoutMs;
  limitConcurrentRequests(app, deps.limits.maxConcurrentPerIp);
  registerAccessLog(app);
  if (deps.tracer) registerRequestTracing(app, deps.tracer);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  // Before any route: the routes' schemas become the OpenAPI document.
  await registerOpenApi(app);
  // Fastify's own JSON parsing (with its prototype-poisoning guard), except that an empty
  // body is no body: actions such as POST …/pause need none, whatever the Content-Type says.
  // The text is kept as `rawBody`, so that a payload can be delivered exactly as it was sent.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '') return done(null, undefined);
    request.rawBody = body as string;
    parseJson(request, body as string, done);
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const known = asAppError(error);
    if (known?.code === 'UNAVAILABLE') request.log.warn({ err: error }, 'database unavailable');
    if (known) return fail(reply.headers(known.headers), known.httpStatus, known.message);
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return fail(reply, 413, `Request body must be at most ${BODY_LIMIT_BYTES / 1024 / 1024} MiB`);
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return fail(reply, 400, 'Content-Type must be application/json');
    if (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return fail(reply, 400, 'Request body must be a JSON object');
    if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') return fail(reply, 400, 'Malformed JSON body');
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) return fail(reply, error.statusCode, error.message);
    request.log.error({ err: error }, 'request failed');
    return fail(reply, 500, 'Internal server error');
  });
  app.setNotFoundHandler((request, reply) => fail(reply, 404, `Route ${request.method} ${request.url.split('?')[0]} not found`));

  registerHealthRoute(app, deps.health);

  registerMetrics(app, deps.metrics, deps.metricsToken);

  if (!deps.schema) return app;
  registerJobRoutes(app, deps.services);
  registerScheduleRoutes(app, deps.services);
  registerEndpointRoutes(app, deps.services);
  registerApiDocs(app);
  await registerDashboard(app, { log: deps.log });

  const armor = graphqlArmor();
  const apollo = new ApolloServer<GraphQLContext>({
    schema: deps.schema,
    introspection: !deps.production,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    // Shutdown is ordered by main.ts; Apollo's own signal handler would stop GraphQL early and
    // send the signal again.
    stopOnTerminationSignals: false,
    csrfPrevention: true,
    formatError: graphqlErrorFormatter(deps.production),
    validationRules: extraValidationRules(deps.production),
    plugins: [...(armor.plugins as ApolloServerPlugin<GraphQLContext>[]), logUnexpectedErrors(deps.log), fastifyApolloDrainPlugin(app)],
  });
  await apollo.start();
  const handler = fastifyApolloHandler(apollo, {
    context: async (request) => ({
      services: deps.services,
      requestId: request.id,
      clientIp: request.ip,
      userAgent: request.headers['user-agent'],
      principal: await principalFrom(deps.services.auth, { apiKey: request.headers['x-api-key'], authorization: request.headers.authorization })
        .then((principal) => {
          request.principal = principal ?? undefined;
          return principal;
        })
        .catch((error) => {
          // Outside any resolver Apollo would answer every failure with a bare 500.
          const known = asAppError(error);
          throw known ? withHttpStatus(known) : error;
        }),
    }),
  });
  app.route({ url: '/graphql', method: ['GET', 'POST', 'OPTIONS'], handler });
  return app;
}
