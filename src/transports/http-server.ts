import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { fastifyApolloDrainPlugin, fastifyApolloHandler } from '@as-integrations/fastify';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import { RateLimitedError } from '../domain/rate-limiter.js';
import { AppError } from '../errors.js';
import { registerDashboard } from './dashboard/dashboard.routes.js';
import { graphqlArmor } from './graphql/armor.js';
import { principalFrom, type GraphQLContext, type Services } from './graphql/context.js';
import { formatGraphQLError, logUnexpectedErrors } from './graphql/format-error.js';
import { fail, ok } from './rest/envelope.js';
import { registerJobRoutes } from './rest/job.routes.js';
import { requestIdFrom } from './request-id.js';

export const BODY_LIMIT_BYTES = 1024 * 1024;

export interface HttpServerDeps {
  services: Services;
  schema: GraphQLSchema;
  log: Logger;
  production: boolean;
  health: () => Promise<{ healthy: boolean; checks: Record<string, unknown> }>;
}

/** Fastify with the REST layer, /healthz and Apollo on /graphql; not yet listening. */
export async function createHttpServer(deps: HttpServerDeps): Promise<{ app: FastifyInstance; apollo: ApolloServer<GraphQLContext> }> {
  const app = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT_BYTES,
    // Per-request access lines would dominate the log at thousands of requests a second.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'requestId' }),
    genReqId: (request) => requestIdFrom(request.headers['x-request-id']),
  });
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if (error instanceof RateLimitedError) reply.headers(error.headers);
    if (error instanceof AppError) return fail(reply, error.httpStatus, error.message);
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return fail(reply, 413, `Request body must be at most ${BODY_LIMIT_BYTES / 1024 / 1024} MiB`);
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return fail(reply, 400, 'Content-Type must be application/json');
    if (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return fail(reply, 400, 'Request body must be a JSON object');
    if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') return fail(reply, 400, 'Malformed JSON body');
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) return fail(reply, error.statusCode, error.message);
    request.log.error({ err: error }, 'request failed');
    return fail(reply, 500, 'Internal server error');
  });
  app.setNotFoundHandler((request, reply) => fail(reply, 404, `Route ${request.method} ${request.url.split('?')[0]} not found`));

  app.get('/healthz', async (_request, reply) => {
    const { healthy, checks } = await deps.health();
    return healthy ? ok(reply, 200, 'ok', checks) : reply.code(503).send({ status: false, message: 'unavailable', data: checks });
  });

  registerJobRoutes(app, { auth: deps.services.auth, jobs: deps.services.jobs, limiter: deps.services.limiter });
  await registerDashboard(app, { log: deps.log });

  const armor = graphqlArmor(deps.production);
  const apollo = new ApolloServer<GraphQLContext>({
    schema: deps.schema,
    introspection: !deps.production,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    formatError: formatGraphQLError,
    validationRules: armor.validationRules,
    plugins: [...(armor.plugins as ApolloServerPlugin<GraphQLContext>[]), logUnexpectedErrors(deps.log), fastifyApolloDrainPlugin(app)],
  });
  await apollo.start();
  const handler = fastifyApolloHandler(apollo, {
    context: async (request) => ({
      services: deps.services,
      requestId: request.id,
      clientIp: request.ip,
      principal: await principalFrom(deps.services.auth, {
        apiKey: request.headers['x-api-key'],
        authorization: request.headers.authorization,
      }),
    }),
  });
  app.route({ url: '/graphql', method: ['GET', 'POST', 'OPTIONS'], handler });
  return { app, apollo };
}
