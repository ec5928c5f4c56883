/**
 * A slow receiver with a backlog: at most PER_ORIGIN_IN_FLIGHT of its attempts are started
 * at once (the rest wait, claimed and SCHEDULED, for a slot), all are delivered in the end,
 * and a receiver elsewhere due at the same moment is not kept waiting behind it.
 */
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { signUp, startTestApp, type TestApp } from '../helpers/app.js';
import { scheduleJob, until, withDatabase } from '../helpers/jobs.js';
import { Receiver } from '../helpers/receiver.js';
import { PER_ORIGIN_IN_FLIGHT } from '../../src/scheduler/firer.js';

let server: TestApp;
let slow: Receiver;
let fast: Receiver;
beforeAll(async () => {
  server = await startTestApp({ DELIVERY_TIMEOUT: '20s' });
  [slow, fast] = await Promise.all([new Receiver().start(), new Receiver().start()]);
});
afterAll(async () => {
  await server?.stop();
  await Promise.all([slow?.stop(), fast?.stop()]);
});

it('sends a slow receiver at most its share at once, and everyone else without waiting', async () => {
  const user = await signUp(server.url);
  const backlog = PER_ORIGIN_IN_FLIGHT + 44;
  let open = 0;
  let mostOpen = 0;
  const held: ServerResponse[] = [];
  const slowUrl = slow.on('/slow', (_req, res) => {
    mostOpen = Math.max(mostOpen, ++open);
    held.push(res);
  });
  const fireAt = Date.now() + 4_000;
  for (let i = 0; i < backlog; i += 50) {
    await Promise.all(Array.from({ length: Math.min(50, backlog - i) }, () => scheduleJob(server.url, user.apiKey, { webhookUrl: slowUrl, fireAt })));
  }
  const fastId = await scheduleJob(server.url, user.apiKey, { webhookUrl: fast.on('/fast'), fireAt: fireAt + 100 });

  // The slow receiver holds every request: its share is started, the rest wait unstarted.
  const statuses = () => withDatabase(server.databaseUrl, async (db) =>
    Object.fromEntries((await db.query('select status, count(*)::int as n from jobs where webhook_url = $1 group by status', [slowUrl])).rows.map((r) => [r.status, r.n])));
  await until('the slow receiver has its share in flight', async () => (await statuses()).FIRING === PER_ORIGIN_IN_FLIGHT, 15_000);
  await fast.waitFor(() => fast.for('/fast').length === 1, 5_000);
  expect(fast.for('/fast')[0].json.jobId).toBe(fastId);
  await new Promise((r) => setTimeout(r, 500));
  expect(await statuses()).toEqual({ FIRING: PER_ORIGIN_IN_FLIGHT, SCHEDULED: backlog - PER_ORIGIN_IN_FLIGHT });
  // Of those started, as many are on the wire as the client keeps connections to one receiver.
  expect(held.length).toBeLessThanOrEqual(PER_ORIGIN_IN_FLIGHT);

  // Answering frees the slots: the rest go out, and never more than the share at once.
  const answer = () => {
    for (const res of held.splice(0)) {
      open -= 1;
      res.end('ok');
    }
  };
  answer();
  await until('the backlog delivered', () => {
    answer();
    return slow.for('/slow').length === backlog;
  }, 20_000);
  answer();
  expect(mostOpen).toBeLessThanOrEqual(PER_ORIGIN_IN_FLIGHT);
  await until('every one SUCCESS', async () => (await statuses()).SUCCESS === backlog, 10_000);
}, 60_000);
