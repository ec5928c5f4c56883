/** Writes the OpenAPI document to openapi.json at the repository root (npm run openapi). */
import { writeFile } from 'node:fs/promises';
import { OPENAPI_FILE, printOpenApiFile } from './openapi.js';

await writeFile(OPENAPI_FILE, await printOpenApiFile());
console.log(`wrote ${OPENAPI_FILE}`);
