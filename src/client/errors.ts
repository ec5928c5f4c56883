/**
 * The service answered with an error: a REST envelope (`{status: false, message}`) or a
 * GraphQL error. `status` is the HTTP status the REST layer gives that error (for a GraphQL
 * error answered with 200, the status of its `extensions.code` in the service's one table).
 */
export class DispatchError extends Error {
  override name = 'DispatchError';
  /** HTTP status: 400 bad input, 401 credentials, 403 role or scope, 404 not found, 413, 422 idempotency conflict, 429, 503. */
  readonly status: number;
  /** GraphQL `extensions.code` when the error came over GraphQL (`BAD_USER_INPUT`, `NOT_FOUND`, …). */
  readonly code: string | undefined;
  /** The input field the message is about, when the service names one. */
  readonly field: string | undefined;
  /** The answer's `X-Request-ID`: quote it when asking an operator about a request. */
  readonly requestId: string | undefined;

  constructor(init: { status: number; message: string; code?: string; field?: string; requestId?: string }) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.field = init.field;
    this.requestId = init.requestId;
  }
}

/** No answer from the service at all: it could not be reached, or the connection broke. */
export class DispatchConnectionError extends Error {
  override name = 'DispatchConnectionError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** HTTP status of each GraphQL `extensions.code` (the service's own mapping, CONTRACT §5). */
export const STATUS_OF_CODE: Readonly<Record<string, number>> = {
  BAD_USER_INPUT: 400,
  GRAPHQL_VALIDATION_FAILED: 400,
  GRAPHQL_PARSE_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  IDEMPOTENCY_CONFLICT: 422,
  RATE_LIMITED: 429,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL_SERVER_ERROR: 500,
};
