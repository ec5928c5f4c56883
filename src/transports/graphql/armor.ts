import { ApolloArmor } from '@escape.tech/graphql-armor';
import { NoSchemaIntrospectionCustomRule, specifiedRules, validate, type DocumentNode, type GraphQLSchema, type ValidationRule } from 'graphql';

/**
 * Limits on what one GraphQL document may ask for, the same over HTTP and WebSocket:
 * depth 8, 15 aliases, cost 5,000, 2,000 tokens, 50 directives. Suggestions are hidden by
 * the error formatter (`hideSuggestions`), which both transports share, rather than by the
 * armor's own plugin: that one only exists for Apollo and misses enum-value suggestions.
 */
export function graphqlArmor() {
  return new ApolloArmor({
    maxDepth: { n: 8 },
    maxAliases: { n: 15 },
    costLimit: { maxCost: 5_000 },
    maxTokens: { n: 2_000 },
    maxDirectives: { n: 50 },
    blockFieldSuggestion: { enabled: false },
  }).protect();
}

/**
 * The rules every document is validated with beyond graphql's standard ones, over HTTP and
 * WebSocket alike: the armor's limits, and in production no introspection (graphql-ws runs
 * queries too, so leaving it out there would reopen what Apollo closes).
 */
export function extraValidationRules(production: boolean): ValidationRule[] {
  return [...(production ? [NoSchemaIntrospectionCustomRule] : []), ...graphqlArmor().validationRules];
}

/** graphql-ws's validate, with the same rules as Apollo's over HTTP. */
export function armoredValidate(production: boolean) {
  const rules = [...specifiedRules, ...extraValidationRules(production)];
  return (schema: GraphQLSchema, document: DocumentNode) => validate(schema, document, rules);
}
