/** The README's curl examples, run verbatim (but for the port) against a real instance. */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';

let server: TestApp;
beforeAll(async () => {
  // The README speaks of the default configuration: attempts may take up to 30 s.
  server = await startTestApp({ DELIVERY_TIMEOUT: '30s' });
});
afterAll(async () => server?.stop());

it('every curl block from the quickstart on runs and answers as documented', async () => {
  const readme = await readFile('README.md', 'utf8');
  const quickstart = readme.slice(readme.indexOf('## Quickstart with curl'), readme.indexOf('## What your endpoint receives'));
  const blocks = [...quickstart.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);
  expect(blocks.length).toBeGreaterThanOrEqual(5);
  const script = blocks.join('\n').replaceAll('http://localhost:4000', server.url);
  const { stdout } = await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', script], { timeout: 60_000 });
  expect(stdout).toMatch(/sk_[0-9a-f]{64}/);
  for (const message of [
    'Job scheduled successfully', 'Job cancelled successfully', 'Jobs fetched successfully', 'Job fetched successfully',
    'Schedule fetched successfully', 'Schedule paused successfully', 'Schedule resumed successfully', 'Schedule updated successfully',
    'Schedules fetched successfully', 'Schedule deleted successfully',
    'Job updated successfully', 'Job triggered successfully', 'Jobs cancelled successfully', 'Job replayed successfully',
    'Jobs replayed successfully', 'Jobs scheduled successfully', 'Endpoints fetched successfully', 'Endpoint updated successfully',
  ]) {
    expect(stdout).toContain(`"message":"${message}"`);
  }
  expect(stdout).toContain('"scheduleJob":{"id"');
  expect(stdout).not.toContain('"status":false');
});
