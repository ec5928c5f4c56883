import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { HeaderMap } from '@apollo/server';
import { asAppError, type AppError } from '../../errors.js';
import type { GraphQLContext } from './context.js';
import { DATE_TIME_FIELD } from './scalars.js';

const INTERNAL = 'Internal server error';

/**
 * A fault that is not the client's doing (anything a resolver threw other than an AppError
 * or a deliberate GraphQLError): its message must not reach the client. Parse and
 * validation errors carry no original error and are the client's.
 */
function isUnexpected(formatted: GraphQLFormattedError, error: unknown): boolean {
  const original = unwrapResolverError(error);
  if (asAppError(original)) return false;
  const code = formatted.extensions?.code;
  if (code === 'INTERNAL_SERVER_ERROR') return true;
  return code === undefined && original !== error && !(original instanceof GraphQLError);
}

/**
 * The error formatter of HTTP (Apollo) and WebSocket (graphql-ws) alike: `formatGraphQLError`,
 * and in production without any "Did you mean …?" (fields, arguments, types, enum values),
 * which would map the schema for a stranger as introspection would.
 */
export function graphqlErrorFormatter(production: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const result = formatGraphQLError(formatted, error);
    return production ? { ...result, message: hideSuggestions(result.message) } : result;
  };
}

/** A message without graphql's suggestions (`Did you mean "x", "y", or "z"?`, `Did you mean the enum value "X"?`, …). */
export function hideSuggestions(message: string): string {
  return message.replace(/\s*Did you mean [^?]*\?/g, '');
}

/**
 * Maps domain errors onto `extensions.code` (CONTRACT §5) and masks anything unexpected as
 * a generic message (the log gets the stack, see `logUnexpectedErrors`).
 */
export function formatGraphQLError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = asAppError(unwrapResolverError(error));
  if (original) {
    return {
      message: original.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: original.graphqlCode, ...(original.field ? { field: original.field } : {}) },
    };
  }
  if (isUnexpected(formatted, error)) {
    return { message: INTERNAL, locations: formatted.locations, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  }
  // A literal the schema cannot accept (bad DateTime, payload not an object) is bad user input.
  if (formatted.extensions?.code === 'GRAPHQL_VALIDATION_FAILED' && /Expected value of type|cannot represent/.test(formatted.message)) {
    return { ...formatted, extensions: { ...formatted.extensions, code: 'BAD_USER_INPUT' } };
  }
  return withDateTimeField(formatted);
}

/**
 * A DateTime variable that does not parse: its message says "DateTime must be …"; the
 * variable's path (`at "input.startAt"`, or the variable itself) names the field.
 */
function withDateTimeField(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const marker = `${DATE_TIME_FIELD} must be`;
  if (!formatted.message.includes(marker)) return formatted;
  const path = /got invalid value .*? at "([^"]+)"/.exec(formatted.message)?.[1] ?? /^Variable "\$(\w+)"/.exec(formatted.message)?.[1];
  const field = path?.split(/[.[\]]/).filter(Boolean).at(-1);
  if (!field) return formatted;
  return { ...formatted, message: formatted.message.replace(marker, `${field} must be`), extensions: { ...formatted.extensions, field } };
}

/**
 * An AppError as a GraphQLError that also sets the HTTP answer's status and headers: for
 * failures outside any resolver (context creation) or that must change the status (429).
 */
export function withHttpStatus(error: AppError): GraphQLError {
  return new GraphQLError(error.message, {
    extensions: { code: error.graphqlCode, http: { status: error.httpStatus, headers: new HeaderMap(Object.entries(error.headers)) } },
  });
}

/** Formats the errors of a graphql-ws result or validation failure like Apollo's. */
export function formatGraphQLErrors(errors: readonly GraphQLError[], log: Logger, requestId: string, production: boolean): GraphQLFormattedError[] {
  const format = graphqlErrorFormatter(production);
  return errors.map((error) => {
    const formatted = error.toJSON();
    if (isUnexpected(formatted, error)) log.error({ err: unwrapResolverError(error), requestId }, 'graphql resolver failed');
    return format(formatted, error);
  });
}

/** Logs every unexpected error of an HTTP GraphQL request with its stack and request id. */
export function logUnexpectedErrors(log: Logger): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            if (isUnexpected(error.toJSON(), error)) log.error({ err: unwrapResolverError(error), requestId: contextValue.requestId }, 'graphql resolver failed');
          }
        },
      };
    },
  };
}
