import { isDatabaseUnavailable } from './db/unavailable.js';

/**
 * The one error type the domain throws, and the one table that maps it onto REST status
 * codes and GraphQL `extensions.code`.
 */
export const ERROR_CODES = {
  BAD_USER_INPUT: { httpStatus: 400, graphqlCode: 'BAD_USER_INPUT' },
  UNAUTHENTICATED: { httpStatus: 401, graphqlCode: 'UNAUTHENTICATED' },
  FORBIDDEN: { httpStatus: 403, graphqlCode: 'FORBIDDEN' },
  NOT_FOUND: { httpStatus: 404, graphqlCode: 'NOT_FOUND' },
  PAYLOAD_TOO_LARGE: { httpStatus: 413, graphqlCode: 'BAD_USER_INPUT' },
  IDEMPOTENCY_CONFLICT: { httpStatus: 422, graphqlCode: 'IDEMPOTENCY_CONFLICT' },
  RATE_LIMITED: { httpStatus: 429, graphqlCode: 'RATE_LIMITED' },
  UNAVAILABLE: { httpStatus: 503, graphqlCode: 'SERVICE_UNAVAILABLE' },
  INTERNAL: { httpStatus: 500, graphqlCode: 'INTERNAL_SERVER_ERROR' },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Input field the message is about, when there is one. */
    readonly field?: string,
  ) {
    super(message);
  }

  get httpStatus(): number {
    return ERROR_CODES[this.code].httpStatus;
  }

  get graphqlCode(): string {
    return ERROR_CODES[this.code].graphqlCode;
  }

  /** Headers the HTTP answer carries along (Retry-After and the like). */
  get headers(): Record<string, string> {
    return {};
  }
}

/** The database cannot be reached: a 503 that tells the client when to try again. */
export class UnavailableError extends AppError {
  constructor() {
    super('UNAVAILABLE', 'Service unavailable: the database cannot be reached; try again shortly');
  }

  override get headers(): Record<string, string> {
    return { 'retry-after': '5' };
  }
}

export const badInput = (field: string, message: string) => new AppError('BAD_USER_INPUT', message, field);
export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);
export const unauthenticated = (message = 'Authentication required') => new AppError('UNAUTHENTICATED', message);

/**
 * The AppError a thrown value stands for: itself, UNAVAILABLE (503) when the database
 * cannot be reached, or null for a real fault (answered as a generic 500, logged with its stack).
 */
export function asAppError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  if (isDatabaseUnavailable(error)) return new UnavailableError();
  return null;
}
