import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface Subscription<T> {
  events: T[];
  errors: unknown[];
  /** Close code of the socket, once closed. */
  closed: Promise<number>;
  /** Resolves when `count` events have arrived, or rejects after `timeoutMs`. */
  waitForEvents(count: number, timeoutMs?: number): Promise<T[]>;
  /** Resolves once the server has acknowledged the connection. */
  connected: Promise<void>;
  dispose(): Promise<void>;
}

/** A real graphql-ws client on its own WebSocket, subscribed to one operation. */
export function subscribe<T, V>(baseUrl: string, document: TypedDocumentNode<T, V>, variables: V, connectionParams: Record<string, string>): Subscription<T> {
  const events: T[] = [];
  const errors: unknown[] = [];
  const waiters = new Set<() => void>();
  let resolveClosed!: (code: number) => void;
  let resolveConnected!: () => void;
  const closed = new Promise<number>((r) => (resolveClosed = r));
  const connected = new Promise<void>((r) => (resolveConnected = r));
  const client: Client = createClient({
    url: baseUrl.replace(/^http/, 'ws') + '/graphql',
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
    lazy: false,
    // The close is what the tests look at (`closed`); graphql-ws would also print it.
    onNonLazyError: () => undefined,
    on: {
      connected: () => resolveConnected(),
      closed: (event) => resolveClosed((event as { code: number }).code),
    },
  });
  client.subscribe<T>({ query: print(document), variables: variables as Record<string, unknown> }, {
    next: (result) => {
      if (result.errors) errors.push(...result.errors);
      if (result.data) events.push(result.data as T);
      for (const wake of waiters) wake();
    },
    error: (error) => {
      errors.push(error);
      for (const wake of waiters) wake();
    },
    complete: () => undefined,
  });
  return {
    events,
    errors,
    closed,
    connected,
    waitForEvents(count, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (events.length < count) return false;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(events);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`got ${events.length} of ${count} events; errors: ${JSON.stringify(errors)}`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    async dispose() {
      await client.dispose();
    },
  };
}
