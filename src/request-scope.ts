import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The HTTP request being served, carried along every asynchronous step of serving it, so
 * that anything logged meanwhile (by a service with the process's logger, not the request's)
 * still names the request.
 */
const scope = new AsyncLocalStorage<{ requestId: string }>();

/** Runs `serve` (and everything it starts) as part of the request `requestId`. */
export function runInRequestScope(requestId: string, serve: () => void): void {
  scope.run({ requestId }, serve);
}

/** The id of the request being served here, if any. */
export function currentRequestId(): string | undefined {
  return scope.getStore()?.requestId;
}
