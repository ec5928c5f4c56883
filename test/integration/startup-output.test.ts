/**
 * What `npm start` prints, as a real process: JSON lines when stdout is not a terminal (here
 * a pipe), pretty lines with LOG_FORMAT=pretty, and once listening one line that says where
 * the dashboard is and how to get an API key.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/database.js';
import { freePort, startService, waitForHealthy, type ServiceProcess } from '../helpers/process.js';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.dispose());

const run = async (env: Record<string, string>): Promise<{ url: string; output: string }> => {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const service: ServiceProcess = startService({ PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: database.url, LOG_LEVEL: 'info', ...env });
  try {
    await waitForHealthy(`${url}/healthz`, service);
    const deadline = Date.now() + 10_000;
    while (!service.output().includes('Dispatch is running') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  } finally {
    service.child.kill('SIGTERM');
    await service.exited;
  }
  return { url, output: service.output() };
};

it('prints JSON lines when stdout is not a terminal, and one line saying where the dashboard is and how to get a key', async () => {
  const { url, output } = await run({});
  const lines = output.split('\n').filter(Boolean);
  const records = lines.map((line) => JSON.parse(line) as { level: number; msg: string; url?: string; requestId?: string });
  const ready = records.filter((record) => record.msg.startsWith('Dispatch is running'));
  expect(ready).toHaveLength(1);
  expect(ready[0]).toMatchObject({ level: 30, url });
  expect(ready[0].msg).toContain(`open the dashboard at ${url}/`);
  expect(ready[0].msg).toContain('API key');
  expect(ready[0].msg).toContain(`${url}/api/docs`);
  // The health probes were logged at debug, so not here.
  expect(records.some((record) => record.requestId !== undefined)).toBe(false);
}, 120_000);

it('prints readable lines with LOG_FORMAT=pretty', async () => {
  const { url, output } = await run({ LOG_FORMAT: 'pretty' });
  const line = output.split('\n').find((text) => text.includes('Dispatch is running'))!;
  expect(line).toMatch(/^\[\d{2}:\d{2}:\d{2}\.\d{3}\] .*INFO.*: Dispatch is running: open the dashboard at /);
  expect(line).toContain(`${url}/`);
  expect(() => JSON.parse(line)).toThrow();
}, 120_000);
