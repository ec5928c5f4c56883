/**
 * The SDK and the dispatch command run from dist/ (compiled by `npm install`'s prepare).
 * Compiling them again here, once before the workers fork, makes the tests that import
 * `dispatch/client` or spawn the binary run what the sources say now.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';

export default async function setup(): Promise<void> {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  await promisify(execFile)(process.execPath, [tsc, '-p', 'tsconfig.sdk.json']);
}
