import { GraphQLError, type GraphQLSchema } from 'graphql';
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
/** How often the send queues of clients are checked against WS_MAX_BUFFERED. */
const BUFFER_CHECK_MS = 1_000;

/** One request id per connection: the upgrade request's X-Request-ID, or a new one. */
const connectionIds = new WeakMap<IncomingMessage, string>();
const requestIdOf = (request: IncomingMessage): string => {
  let id = connectionIds.get(request);
  if (!id) connectionIds.set(request, (id = requestIdFrom(request.headers['x-request-id'])));
  return id;
};

/** Close code for a connection over WS_MAX_CONNECTIONS_PER_CREDENTIAL (standard "try again later"). */
export const CLOSE_TOO_MANY = 1013;
/**
 * The credential still works but what it may see changed (its user left or was removed from
 * a project): clients reconnect and subscribe again, now seeing only what is theirs.
 */
export const CLOSE_ACCESS_CHANGED = 4205;

/** Abuse limits of the WebSocket server (0: none), see Config. */
export interface WebSocketLimits {
  perIp: number;
  perCredential: number;
  subscriptionsPerConnection: number;
  maxBufferedBytes: number;
}

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
  /** Closes every connection of this session with CLOSE_ACCESS_CHANGED, for the client to reconnect. */
  accessChanged(id: string): void;
  readonly connectionCount: number;
  /** Closes every connection with 1001 and stops accepting new ones. */
  close(): Promise<void>;
}

/**
 * graphql-ws on the HTTP server's `/graphql`: credentials in `connectionParams`
 * (`x-api-key`, or `authorization: Bearer …`), checked once at connection (no or bad
 * credentials close with 4403) and again by each subscription for the ids it asks for.
 */
export function attachSubscriptionServer(deps: {
  server: Server;
  schema: GraphQLSchema;
  services: Services;
  log: Logger;
  production: boolean;
  limits: WebSocketLimits;
}): SubscriptionServer {
  const { limits } = deps;
  const perIp = new Map<string, number>();
  const wss = new WebSocketServer({
    server: deps.server,
    path: '/graphql',
    maxPayload: MAX_PAYLOAD_BYTES,
    // Counted at the upgrade, before any credential: one address cannot hold the sockets of many.
    verifyClient: (info, accept) => {
      const ip = info.req.socket.remoteAddress ?? '';
      const open = perIp.get(ip) ?? 0;
      if (limits.perIp > 0 && open >= limits.perIp) return accept(false, 429, `Too many WebSocket connections from this address (at most ${limits.perIp})`);
      perIp.set(ip, open + 1);
      info.req.socket.once('close', () => {
        const left = (perIp.get(ip) ?? 1) - 1;
        if (left <= 0) perIp.delete(ip);
        else perIp.set(ip, left);
      });
      accept(true);
    },
  });
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
        const credential = credentialOf(principal);
        if (limits.perCredential > 0 && (sockets.get(credential)?.size ?? 0) >= limits.perCredential) {
          socket.close(CLOSE_TOO_MANY, `Too many connections for this credential (at most ${limits.perCredential})`);
          return false;
        }
        principals.set(socket, principal);
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
      onSubscribe: (ctx) => {
        // The new operation is already counted among ctx.subscriptions.
        if (limits.subscriptionsPerConnection === 0 || Object.keys(ctx.subscriptions).length <= limits.subscriptionsPerConnection) return undefined;
        return [new GraphQLError(`Too many operations on this connection (at most ${limits.subscriptionsPerConnection} at once)`, { extensions: { code: 'RATE_LIMITED' } })];
      },
      // Errors are masked and mapped exactly as over HTTP.
      onError: (ctx, _id, _payload, errors) => formatGraphQLErrors(errors, deps.log, requestIdOf(ctx.extra.request), deps.production),
      onNext: (ctx, _id, _payload, _args, result) =>
        result.errors ? { ...result, errors: formatGraphQLErrors(result.errors, deps.log, requestIdOf(ctx.extra.request), deps.production) } : undefined,
    },
    wss,
    KEEP_ALIVE_MS,
  );

  // A client that does not read: once the kernel's buffers are full, what is sent for it waits
  // in this process. Past WS_MAX_BUFFERED it is dropped, checked every second (sends are one
  // at a time per operation, so the queue cannot outgrow that by more than a message per
  // operation meanwhile); one that answers no ping is dropped by the keep-alive.
  const sweep = setInterval(() => {
    for (const socket of wss.clients) {
      if (socket.bufferedAmount <= limits.maxBufferedBytes) continue;
      deps.log.warn({ bufferedBytes: socket.bufferedAmount }, 'dropping a WebSocket client that does not read');
      socket.terminate();
    }
  }, BUFFER_CHECK_MS);
  sweep.unref();

  return {
    endCredential(id) {
      for (const socket of sockets.get(id) ?? []) socket.close(4403, 'Forbidden');
    },
    accessChanged(id) {
      for (const socket of sockets.get(id) ?? []) socket.close(CLOSE_ACCESS_CHANGED, 'Access changed: reconnect');
    },
    get connectionCount() {
      return wss.clients.size;
    },
    async close() {
      clearInterval(sweep);
      for (const socket of wss.clients) socket.close(1001, 'Going away');
      await disposable.dispose();
    },
  };
}
