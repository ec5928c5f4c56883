/**
 * The whole service with Agenda on MongoDB, run as `npm start` runs it (MONGODB_URL set):
 * /healthz reports MongoDB, and a job is scheduled, fired, retried to DEAD or cancelled with
 * its live events in order, its window job in this deployment's MongoDB collection.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { JobStatusChangedDocument } from '../generated/graphql.js';
import { signUp } from '../helpers/app.js';
import { openAgendaStore, type AgendaStoreUnderTest } from '../helpers/agenda-backends.js';
import { rest } from '../helpers/clients.js';
import { createTestDatabase } from '../helpers/database.js';
import { scheduleJob, withDatabase } from '../helpers/jobs.js';
import { startInstance, type Instance } from '../helpers/instances.js';
import { Receiver, respond } from '../helpers/receiver.js';
import { subscribe } from '../helpers/subscriptions.js';

let store: AgendaStoreUnderTest;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let receiver: Receiver;
let instance: Instance;
beforeAll(async () => {
  store = await openAgendaStore('MongoDB');
  database = await createTestDatabase();
  receiver = await new Receiver().start();
  instance = await startInstance(database.url, { ...store.env, MAX_ATTEMPTS: '3' });
});
afterAll(async () => {
  await instance?.stop();
  await receiver?.stop();
  await database?.dispose();
  await store?.dispose();
});

type Event = { jobStatusChanged: { jobId: string; previousStatus?: string | null; status: string; retryCount: number } };
const pathOf = (events: Event[], jobId: string) =>
  events.filter((e) => e.jobStatusChanged.jobId === jobId).map((e) => `${e.jobStatusChanged.previousStatus ?? '∅'}→${e.jobStatusChanged.status}:${e.jobStatusChanged.retryCount}`);

it('schedule → fire, retry → DEAD and cancel, end to end with live events', async () => {
  expect((await rest(instance.url, 'GET', '/healthz')).body.data).toEqual({ database: 'ok', mongodb: 'ok', role: 'all' });
  const user = await signUp(instance.url);
  const sub = subscribe<Event, { projectId: string }>(instance.url, JobStatusChangedDocument, { projectId: user.projectId }, { 'x-api-key': user.apiKey });
  await sub.connected;
  // The subscribe message follows the connection's acknowledgement.
  await new Promise((r) => setTimeout(r, 100));

  // Due beyond the claim lead, so each goes through its window job in MongoDB.
  const fireAt = Date.now() + 4_000;
  const ok = await scheduleJob(instance.url, user.apiKey, { webhookUrl: receiver.on('/ok'), fireAt });
  const dead = await scheduleJob(instance.url, user.apiKey, { webhookUrl: receiver.on('/dead', respond(500, 'no')), fireAt });
  const cancelled = await scheduleJob(instance.url, user.apiKey, { webhookUrl: receiver.on('/cancelled'), fireAt });
  expect(await store.windowJobs(database.url, Math.floor(fireAt / 1000) * 1000)).toBe(1);
  expect((await rest(instance.url, 'DELETE', `/api/v1/jobs/${cancelled}`, { credentials: { apiKey: user.apiKey } })).status).toBe(200);

  // 3 + 10 + 2 events: SCHEDULED, FIRING, SUCCESS; three attempts ending DEAD; SCHEDULED, CANCELLED.
  const events = await sub.waitForEvents(15, 30_000);
  expect(pathOf(events, ok)).toEqual(['∅→SCHEDULED:0', 'SCHEDULED→FIRING:0', 'FIRING→SUCCESS:0']);
  expect(pathOf(events, dead)).toEqual([
    '∅→SCHEDULED:0',
    'SCHEDULED→FIRING:0', 'FIRING→FAILED:0', 'FAILED→SCHEDULED:1',
    'SCHEDULED→FIRING:1', 'FIRING→FAILED:1', 'FAILED→SCHEDULED:2',
    'SCHEDULED→FIRING:2', 'FIRING→FAILED:2', 'FAILED→DEAD:2',
  ]);
  expect(pathOf(events, cancelled)).toEqual(['∅→SCHEDULED:0', 'SCHEDULED→CANCELLED:0']);
  await sub.dispose();

  expect(receiver.for('/ok')).toHaveLength(1);
  expect(receiver.for('/ok')[0].arrivedAt).toBeGreaterThanOrEqual(fireAt);
  expect(receiver.for('/dead')).toHaveLength(3);
  expect(receiver.for('/cancelled')).toHaveLength(0);
  // Events are published once their change is committed.
  const statuses = await withDatabase(database.url, async (db) => Object.fromEntries((await db.query('select id, status from jobs')).rows.map((r) => [r.id, r.status])));
  expect(statuses).toEqual({ [ok]: 'SUCCESS', [dead]: 'DEAD', [cancelled]: 'CANCELLED' });
}, 60_000);
