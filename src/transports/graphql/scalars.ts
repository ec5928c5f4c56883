import { GraphQLScalarType, Kind } from 'graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { parseFireAt } from '../../domain/validation.js';

/** What a DateTime parse error names until the field is known. */
export const DATE_TIME_FIELD = 'DateTime';

/**
 * ISO 8601 UTC with milliseconds on output. On input the REST rules apply: a trailing Z,
 * no offsets; whether it is in the future is checked by the service that uses it.
 */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'ISO 8601 UTC timestamp with milliseconds, e.g. 2026-06-13T09:30:00.000Z. Input needs a trailing Z.',
  serialize(value) {
    const date = value instanceof Date ? value : new Date(value as string);
    return date.toISOString();
  },
  // The scalar does not know which field it is parsing: its message says "DateTime", and
  // formatGraphQLError puts the field's name in (from the variable's path) where it can.
  parseValue(value) {
    return parseFireAt(value, Number.NEGATIVE_INFINITY, DATE_TIME_FIELD);
  },
  parseLiteral(ast) {
    return parseFireAt(ast.kind === Kind.STRING ? ast.value : undefined, Number.NEGATIVE_INFINITY, DATE_TIME_FIELD);
  },
});

export const JSONObjectScalar = GraphQLJSONObject;
