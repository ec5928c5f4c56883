/** schema.graphql and the typed operations are generated and checked in: they must be current. */
import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { printSchemaFile, SCHEMA_FILE } from '../../src/transports/graphql/print-schema.js';

it('schema.graphql matches the schema built from the resolvers (run `npm run schema`)', async () => {
  expect(await readFile(SCHEMA_FILE, 'utf8')).toBe(await printSchemaFile());
});

it('the typed operations are current (run `npm run codegen`)', async () => {
  const { generate } = await import('@graphql-codegen/cli');
  const [output] = await generate({ ...(await import('yaml')).parse(await readFile('codegen.yml', 'utf8')), cwd: process.cwd() }, false);
  expect(await readFile(output.filename, 'utf8')).toBe(output.content);
});
