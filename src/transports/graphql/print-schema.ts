import { lexicographicSortSchema, printSchema } from 'graphql';
import { fileURLToPath } from 'node:url';
import { buildDispatchSchema } from './schema.js';

export const SCHEMA_FILE = fileURLToPath(new URL('../../../schema.graphql', import.meta.url));

/** The checked-in form of the schema: sorted, so it only changes when the API does. */
export async function printSchemaFile(): Promise<string> {
  return `# Generated from the resolvers by \`npm run schema\`; do not edit.\n\n${printSchema(lexicographicSortSchema(await buildDispatchSchema()))}\n`;
}
