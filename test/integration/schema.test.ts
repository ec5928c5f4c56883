/** schema.graphql and the typed operations are generated and checked in: they must be current. */
import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { printSchemaFile, SCHEMA_FILE } from '../../src/transports/graphql/print-schema.js';

it('schema.graphql matches the schema built from the resolvers (run `npm run schema`)', async () => {
  expect(await readFile(SCHEMA_FILE, 'utf8')).toBe(await printSchemaFile());
});

it('every typed-operations output of codegen.yml is current (run `npm run codegen`)', async () => {
  const { generate } = await import('@graphql-codegen/cli');
  const config = (await import('yaml')).parse(await readFile('codegen.yml', 'utf8'));
  const outputs = await generate({ ...config, cwd: process.cwd() }, false);
  // One output per `generates` target: the tests' and the dashboard's documents.
  expect(outputs.map((output: { filename: string }) => output.filename).sort()).toEqual(Object.keys(config.generates).sort());
  for (const output of outputs) expect(await readFile(output.filename, 'utf8'), output.filename).toBe(output.content);
});
