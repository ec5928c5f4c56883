/**
 * Two instances on one database: the subscriber is connected to an API-only instance, the
 * job is fired by a worker-only instance, and the events cross over LISTEN/NOTIFY in order.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { JobStatusChangedDocument, ScheduleJobDocument } from '../generated/graphql.js';
import { inMs, signUp, startTestApp, type TestApp } from '../helpers/app.js';
import { gqlOk, rest } from '../helpers/clients.js';
import { createTestDatabase } from '../helpers/database.js';
import { Receiver, respond } from '../helpers/receiver.js';
import { subscribe } from '../helpers/subscriptions.js';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let api: TestApp;
let worker: TestApp;
let receiver: Receiver;
beforeAll(async () => {
  database = await createTestDatabase();
  api = await startTestApp({ ROLE: 'api', RETRY_DELAYS: '300ms' }, { databaseUrl: database.url });
  worker = await startTestApp({ ROLE: 'worker', RETRY_DELAYS: '300ms' }, { databaseUrl: database.url });
  receiver = await new Receiver().start();
});
afterAll(async () => {
  await api?.stop();
  await worker?.stop();
  await receiver?.stop();
  await database?.dispose();
});

it('delivers events produced by a worker process to a subscriber on an API process, in order', async () => {
  // A worker serves /healthz and nothing of the API.
  expect((await rest(worker.url, 'GET', '/healthz')).body.data).toEqual({ database: 'ok', role: 'worker' });
  expect((await rest(worker.url, 'POST', '/graphql', { body: { query: '{ me { id } }' } })).status).toBe(404);
  expect((await rest(worker.url, 'GET', '/api/v1/jobs')).status).toBe(404);
  const user = await signUp(api.url);
  const sub = subscribe(api.url, JobStatusChangedDocument, { projectId: user.projectId }, { 'x-api-key': user.apiKey });
  await sub.connected;
  await new Promise((r) => setTimeout(r, 100));
  const url = receiver.on('/cross', respond(500, 'first fails'), respond(200, 'ok'));
  const { scheduleJob } = await gqlOk(api.url, ScheduleJobDocument, { input: { title: 'x', webhookUrl: url, fireAt: inMs(600) } }, { apiKey: user.apiKey });
  const events = await sub.waitForEvents(6, 20_000);
  expect(events.map((e) => e.jobStatusChanged.status)).toEqual(['SCHEDULED', 'FIRING', 'FAILED', 'SCHEDULED', 'FIRING', 'SUCCESS']);
  expect(events.every((e) => e.jobStatusChanged.jobId === scheduleJob.id)).toBe(true);
  expect(events[5].jobStatusChanged.job.status).toBe('SUCCESS');
  await sub.dispose();
});
