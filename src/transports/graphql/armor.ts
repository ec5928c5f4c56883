import { ApolloArmor } from '@escape.tech/graphql-armor';
import { specifiedRules, validate, type DocumentNode, type GraphQLSchema } from 'graphql';

/**
 * Limits on what one GraphQL document may ask for, the same over HTTP and WebSocket:
 * depth 8, 15 aliases, cost 5,000, 2,000 tokens, 50 directives. Field suggestions
 * ("Did you mean …") are blocked in production, where they would map the schema for
 * an attacker just as introspection would.
 */
export function graphqlArmor(production: boolean) {
  return new ApolloArmor({
    maxDepth: { n: 8 },
    maxAliases: { n: 15 },
    costLimit: { maxCost: 5_000 },
    maxTokens: { n: 2_000 },
    maxDirectives: { n: 50 },
    blockFieldSuggestion: { enabled: production },
  }).protect();
}

/** graphql-ws's validate, with the armor's rules added to the standard ones. */
export function armoredValidate(production: boolean) {
  const rules = [...specifiedRules, ...graphqlArmor(production).validationRules];
  return (schema: GraphQLSchema, document: DocumentNode) => validate(schema, document, rules);
}
