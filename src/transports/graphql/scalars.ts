import { GraphQLScalarType, Kind } from 'graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { parseFireAt } from '../../domain/validation.js';

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
  parseValue(value) {
    return parseFireAt(value, Number.NEGATIVE_INFINITY);
  },
  parseLiteral(ast) {
    return parseFireAt(ast.kind === Kind.STRING ? ast.value : undefined, Number.NEGATIVE_INFINITY);
  },
});

export const JSONObjectScalar = GraphQLJSONObject;
