/** Prints the schema to schema.graphql at the repository root (npm run schema). */
import { writeFile } from 'node:fs/promises';
import { printSchemaFile, SCHEMA_FILE } from './print-schema.js';

await writeFile(SCHEMA_FILE, await printSchemaFile());
console.log(`wrote ${SCHEMA_FILE}`);
