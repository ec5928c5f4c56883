import { createClient, type Client } from 'graphql-ws/client';
import { JOB_STATUS_CHANGED } from './documents.js';
import { DispatchConnectionError, DispatchError, STATUS_OF_CODE } from './errors.js';
import type { Transport } from './transport.js';
import type { JobStatusEvent, SubscriptionFilter } from './types.js';

export interface SubscribeOptions {
  /** Reconnections after an established connection drops (events meanwhile are missed). Default 3. */
  retryAttempts?: number;
  /** A WebSocket class to use instead of the global one (Node 22+) or the `ws` package (Node 20). */
  webSocketImpl?: unknown;
}

/** A live stream of status changes: iterate it; `close()` (or leaving the loop) ends it. */
export interface JobSubscription extends AsyncIterableIterator<JobStatusEvent> {
  /** Resolves once the service has accepted the connection; rejects if it never does. */
  readonly connected: Promise<void>;
  close(): Promise<void>;
}

/** How the service closes a connection whose credentials are missing, wrong or revoked. */
const FORBIDDEN_CLOSE = 4403;

type Outcome = { value: JobStatusEvent } | { error: Error } | { done: true };

/** Subscribes at once; events wait in order until they are read. */
export function openSubscription(transport: Transport, filter: SubscriptionFilter, options: SubscribeOptions, onEnd: () => void): JobSubscription {
  const buffered: Outcome[] = [];
  let wake: (() => void) | null = null;
  let finished = false;
  let client: Client | null = null;
  let everConnected = false;
  let markConnected!: () => void;
  let failConnected!: (error: Error) => void;
  const connected = new Promise<void>((resolve, reject) => {
    markConnected = resolve;
    failConnected = reject;
  });
  // A rejection nobody waits for must not crash the process: the iterator reports the error too.
  connected.catch(() => undefined);

  const push = (outcome: Outcome) => {
    if (finished) return;
    if (!('value' in outcome)) finished = true;
    buffered.push(outcome);
    wake?.();
  };

  const end = async () => {
    push({ done: true });
    onEnd();
    await client?.dispose();
  };

  void webSocketClass(options.webSocketImpl).then(
    (impl) => {
      if (finished) return;
      client = createClient({
        url: transport.baseUrl.replace(/^http/i, 'ws') + '/graphql',
        webSocketImpl: impl,
        connectionParams: transport.connectionParams(),
        retryAttempts: options.retryAttempts ?? 3,
        // Reconnect after a drop; but a first connection that fails, or refused credentials, are reported at once.
        shouldRetry: (event) => everConnected && (event as { code?: unknown } | null)?.code !== FORBIDDEN_CLOSE,
        lazy: false,
        // Errors reach the iterator through the subscription's sink.
        onNonLazyError: () => undefined,
        on: {
          connected: () => {
            everConnected = true;
            markConnected();
          },
        },
      });
      const variables = Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined));
      client.subscribe<{ jobStatusChanged: JobStatusEvent }>({ query: JOB_STATUS_CHANGED, variables }, {
        next: (result) => {
          if (result.errors?.length) push({ error: graphqlError(result.errors[0]) });
          else if (result.data) push({ value: result.data.jobStatusChanged });
        },
        error: (error) => {
          const failure = subscriptionError(error, transport.baseUrl);
          failConnected(failure);
          push({ error: failure });
          void end();
        },
        complete: () => void end(),
      });
    },
    (error: unknown) => {
      const failure = new DispatchConnectionError(`no WebSocket implementation: ${String(error)}`);
      failConnected(failure);
      push({ error: failure });
    },
  );

  const iterator: JobSubscription = {
    connected,
    async next(): Promise<IteratorResult<JobStatusEvent>> {
      while (buffered.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
      const outcome = buffered[0];
      // An end stays at the head, so every later next() sees it too.
      if ('value' in outcome) buffered.shift();
      if ('value' in outcome) return { value: outcome.value, done: false };
      if ('error' in outcome) {
        buffered[0] = { done: true };
        throw outcome.error;
      }
      return { value: undefined, done: true };
    },
    async return(): Promise<IteratorResult<JobStatusEvent>> {
      await end();
      return { value: undefined, done: true };
    },
    close: async () => {
      await end();
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}

/** The global WebSocket (Node 22+, browsers), else the `ws` package's. */
async function webSocketClass(given: unknown): Promise<unknown> {
  if (given) return given;
  const global = (globalThis as { WebSocket?: unknown }).WebSocket;
  if (global) return global;
  const ws = await import('ws');
  return ws.default;
}

function graphqlError(error: { message: string; extensions?: Record<string, unknown> }): DispatchError {
  const code = typeof error.extensions?.code === 'string' ? error.extensions.code : undefined;
  const field = typeof error.extensions?.field === 'string' ? error.extensions.field : undefined;
  return new DispatchError({ status: (code && STATUS_OF_CODE[code]) || 400, message: error.message, code, field });
}

/** What a graphql-ws sink's error stands for: a close event, GraphQL errors, or a socket error. */
function subscriptionError(error: unknown, baseUrl: string): Error {
  if (Array.isArray(error) && error.length > 0) return graphqlError(error[0]);
  const close = error as { code?: unknown; reason?: unknown };
  if (typeof close?.code === 'number') {
    if (close.code === FORBIDDEN_CLOSE) return new DispatchError({ status: 401, code: 'UNAUTHENTICATED', message: 'The service refused the credentials (WebSocket closed 4403 Forbidden)' });
    return new DispatchConnectionError(`connection to ${baseUrl} closed (${close.code}${close.reason ? ` ${String(close.reason)}` : ''})`);
  }
  return new DispatchConnectionError(`cannot reach ${baseUrl}: ${error instanceof Error ? error.message : 'WebSocket error'}`);
}
