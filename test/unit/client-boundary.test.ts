/** The SDK and the CLI are clients of the service: they import nothing of the server and need no more than graphql-ws (and ws on Node 20). */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from 'vitest';
import { parseRetryAfter, retryDelayMs, RETRY_DEFAULTS } from '../../src/client/retry.js';

async function sources(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => name.endsWith('.ts')).map((name) => path.join(dir, name));
}

it('src/client and src/cli import only each other, node: built-ins, graphql-ws/client and ws', async () => {
  const files = [...(await sources('src/client')), ...(await sources('src/cli'))];
  expect(files.length).toBeGreaterThan(10);
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((m) => m[1]);
    for (const specifier of specifiers) {
      if (specifier.startsWith('.')) {
        const target = path.resolve(path.dirname(file), specifier);
        expect([path.resolve('src/client'), path.resolve('src/cli')], `${file} imports ${specifier}`).toContain(path.dirname(target));
      } else {
        expect(specifier.startsWith('node:') || ['graphql-ws/client', 'ws'].includes(specifier), `${file} imports ${specifier}`).toBe(true);
      }
    }
  }
  // verify.ts is its own entry (dispatch/verify): a receiver loads nothing but node:crypto.
  expect((await readFile('src/client/verify.ts', 'utf8')).match(/from '([^']+)'/g)).toEqual(["from 'node:crypto'"]);
});

it('Retry-After is read as seconds or an HTTP date; the wait is bounded', () => {
  const now = Date.parse('2026-06-13T09:30:00Z');
  expect(parseRetryAfter('2', now)).toBe(2000);
  expect(parseRetryAfter('Sat, 13 Jun 2026 09:30:05 GMT', now)).toBe(5000);
  expect(parseRetryAfter('soon', now)).toBeNull();
  expect(parseRetryAfter(null, now)).toBeNull();
  expect(retryDelayMs(1, '3', RETRY_DEFAULTS, now)).toBe(3000);
  expect([1, 2, 3].map((n) => retryDelayMs(n, null, RETRY_DEFAULTS, now))).toEqual([500, 1000, 2000]);
  expect(retryDelayMs(4, null, RETRY_DEFAULTS, now)).toBeNull();
  expect(retryDelayMs(1, '31', RETRY_DEFAULTS, now)).toBeNull();
  expect(retryDelayMs(1, '1', { retries: 0, maxDelayMs: 30_000 }, now)).toBeNull();
});
