import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The HTTP request being served, carried along every asynchronous step of serving it, so
 * that anything logged meanwhile (by a service with the process's logger, not the request's)
 * still names the request.
 */
const scope = new AsyncLocalStorage<{ requestId: string; traceContext?: string }>();

/** Runs `serve` (and everything it starts) as part of the request `requestId`. */
export function runInRequestScope(requestId: string, serve: () => void): void {
  scope.run({ requestId }, serve);
}

/** The id of the request being served here, if any. */
export function currentRequestId(): string | undefined {
  return scope.getStore()?.requestId;
}

/** Records the W3C traceparent of the request being served (set when tracing is on). */
export function setRequestTraceContext(traceparent: string): void {
  const store = scope.getStore();
  if (store) store.traceContext = traceparent;
}

/** The trace context of the request being served here, if it is traced. */
export function currentTraceContext(): string | undefined {
  return scope.getStore()?.traceContext;
}
