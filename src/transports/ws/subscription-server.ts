import type { GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { IncomingMessage, Server } from 'node:http';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import { credentialOf, type Principal } from '../../domain/auth/principal.js';
import { armoredValidate } from '../graphql/armor.js';
import { formatGraphQLErrors } from '../graphql/format-error.js';
import { principalFrom, type GraphQLContext, type Services } from '../graphql/context.js';
import { requestIdFrom } from '../request-id.js';
import { sharedSubscriptionExecution } from './shared-execution.js';

/** WebSocket frames above this are refused. */
const MAX_PAYLOAD_BYTES = 1024 * 1024;
const KEEP_ALIVE_MS = 12_000;
const CONNECTION_INIT_TIMEOUT_MS = 10_000;

/** One request id per connection: the upgrade request's X-Request-ID, or a new one. */
const connectionIds = new WeakMap<IncomingMessage, string>();
const requestIdOf = (request: IncomingMessage): string => {
  let id = connectionIds.get(request);
  if (!id) connectionIds.set(request, (id = requestIdFrom(request.headers['x-request-id'])));
  return id;
};

/** Longest delay a Node timer takes; a credential expiring later is re-checked then. */
const MAX_TIMER_MS = 2_147_483_647;

/** Closes the socket (4403) when its credential expires. */
function closeAtExpiry(socket: WebSocket, expiresAt: number | undefined): NodeJS.Timeout | undefined {
  if (expiresAt === undefined) return undefined;
  const left = expiresAt - Date.now();
  const timer = setTimeout(() => (left > MAX_TIMER_MS ? closeAtExpiry(socket, expiresAt) : socket.close(4403, 'Forbidden')), Math.min(Math.max(left, 0), MAX_TIMER_MS));
  timer.unref();
  return timer;
}

export interface SubscriptionServer {
  /** Closes every connection authenticated with this API key or session (4403). */
  endCredential(id: string): void;
  readonly connectionCount: number;
  /** Closes every connection with 1001 and stops accepting new ones. */
  close(): Promise<void>;
}

/**
 * graphql-ws on the HTTP server's `/graphql`: credentials in `connectionParams`
 * (`x-api-key`, or `authorization: Bearer …`), checked once at connection (no or bad
 * credentials close with 4403) and again by each subscription for the ids it asks for.
 */
export function attachSubscriptionServer(deps: { server: Server; schema: GraphQLSchema; services: Services; log: Logger; production: boolean }): SubscriptionServer {
  const wss = new WebSocketServer({ server: deps.server, path: '/graphql', maxPayload: MAX_PAYLOAD_BYTES });
  const sockets = new Map<string, Set<WebSocket>>();
  const principals = new WeakMap<WebSocket, Principal>();

  const shared = sharedSubscriptionExecution((context) => {
    const principal = (context as GraphQLContext).principal;
    return principal ? credentialOf(principal) : 'anonymous';
  });
  const disposable = useServer<Record<string, unknown>>(
    {
      schema: deps.schema,
      parse: shared.parse,
      subscribe: shared.subscribe,
      validate: armoredValidate(deps.production),
      connectionInitWaitTimeout: CONNECTION_INIT_TIMEOUT_MS,
      onConnect: async (ctx) => {
        const params = ctx.connectionParams ?? {};
        const principal = await principalFrom(deps.services.auth, {
          apiKey: params['x-api-key'],
          authorization: params.authorization ?? params.Authorization,
        });
        if (!principal) return false;
        const socket = ctx.extra.socket;
        principals.set(socket, principal);
        const credential = credentialOf(principal);
        if (!sockets.has(credential)) sockets.set(credential, new Set());
        sockets.get(credential)!.add(socket);
        const expiry = closeAtExpiry(socket, principal.expiresAt);
        socket.once('close', () => {
          clearTimeout(expiry);
          sockets.get(credential)?.delete(socket);
          if (sockets.get(credential)?.size === 0) sockets.delete(credential);
        });
        return true;
      },
      context: (ctx): GraphQLContext => ({
        services: deps.services,
        principal: principals.get(ctx.extra.socket) ?? null,
        requestId: requestIdOf(ctx.extra.request),
        clientIp: ctx.extra.request.socket.remoteAddress ?? '',
      }),
      // Errors are masked and mapped exactly as over HTTP.
      onError: (ctx, _id, _payload, errors) => formatGraphQLErrors(errors, deps.log, requestIdOf(ctx.extra.request), deps.production),
      onNext: (ctx, _id, _payload, _args, result) =>
        result.errors ? { ...result, errors: formatGraphQLErrors(result.errors, deps.log, requestIdOf(ctx.extra.request), deps.production) } : undefined,
    },
    wss,
    KEEP_ALIVE_MS,
  );

  return {
    endCredential(id) {
      for (const socket of sockets.get(id) ?? []) socket.close(4403, 'Forbidden');
    },
    get connectionCount() {
      return wss.clients.size;
    },
    async close() {
      for (const socket of wss.clients) socket.close(1001, 'Going away');
      await disposable.dispose();
    },
  };
}
