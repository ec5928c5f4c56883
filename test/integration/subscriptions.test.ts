/**
 * Live status over graphql-ws: ordered events on the success and retry paths, project-wide
 * streams, isolation between projects, 4403 for bad credentials, revocation ending a live
 * subscription, and many subscribers each getting every event once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobStatusChangedDocument, ProjectDocument, RevokeApiKeyDocument, ScheduleJobDocument } from '../generated/graphql.js';
import { inMs, signUp, startTestApp, type TestApp } from '../helpers/app.js';
import { gqlOk } from '../helpers/clients.js';
import { Receiver, respond } from '../helpers/receiver.js';
import { subscribe } from '../helpers/subscriptions.js';

let server: TestApp;
let receiver: Receiver;
beforeAll(async () => {
  server = await startTestApp({ RETRY_DELAYS: '300ms' });
  receiver = await new Receiver().start();
});
afterAll(async () => {
  await server?.stop();
  await receiver?.stop();
});

const schedule = async (apiKey: string, webhookUrl: string, ms = 1_500) =>
  (await gqlOk(server.url, ScheduleJobDocument, { input: { title: 'live', webhookUrl, fireAt: inMs(ms) } }, { apiKey })).scheduleJob;
const path = (events: Array<{ jobStatusChanged: { previousStatus?: string | null; status: string; retryCount: number } }>) =>
  events.map((e) => `${e.jobStatusChanged.previousStatus ?? '∅'}→${e.jobStatusChanged.status}:${e.jobStatusChanged.retryCount}`);

describe('jobStatusChanged', () => {
  it('streams FIRING then SUCCESS for one job, with the loaded job', async () => {
    const user = await signUp(server.url);
    const job = await schedule(user.apiKey, receiver.on('/live-ok'), 1_000);
    const sub = subscribe(server.url, JobStatusChangedDocument, { jobId: job.id }, { 'x-api-key': user.apiKey });
    await sub.connected;
    const events = await sub.waitForEvents(2);
    expect(path(events)).toEqual(['SCHEDULED→FIRING:0', 'FIRING→SUCCESS:0']);
    expect(events[1].jobStatusChanged).toMatchObject({ jobId: job.id, projectId: user.projectId, job: { id: job.id, status: 'SUCCESS' } });
    expect(events[1].jobStatusChanged.at).toMatch(/Z$/);
    await sub.dispose();
  });

  it('streams the retry loop in order: FIRING, FAILED, SCHEDULED, FIRING, SUCCESS', async () => {
    const user = await signUp(server.url);
    const sub = subscribe(server.url, JobStatusChangedDocument, {}, { authorization: `Bearer ${user.token}` });
    await sub.connected;
    await new Promise((r) => setTimeout(r, 100));
    await schedule(user.apiKey, receiver.on('/live-retry', respond(500, 'no'), respond(200, 'ok')), 500);
    const events = await sub.waitForEvents(6);
    expect(path(events)).toEqual([
      '∅→SCHEDULED:0', 'SCHEDULED→FIRING:0', 'FIRING→FAILED:0', 'FAILED→SCHEDULED:1', 'SCHEDULED→FIRING:1', 'FIRING→SUCCESS:1',
    ]);
    await sub.dispose();
  });

  it('a projectId subscription sees every job of the project, and CANCELLED too', async () => {
    const user = await signUp(server.url);
    const sub = subscribe(server.url, JobStatusChangedDocument, { projectId: user.projectId }, { 'x-api-key': user.apiKey });
    await sub.connected;
    await new Promise((r) => setTimeout(r, 100));
    const url = receiver.on('/live-project');
    const jobs = [await schedule(user.apiKey, url, 1_200), await schedule(user.apiKey, url, 1_300), await schedule(user.apiKey, url, 60_000)];
    await gqlOk(server.url, (await import('../generated/graphql.js')).CancelJobDocument, { id: jobs[2].id }, { apiKey: user.apiKey });
    const events = await sub.waitForEvents(3 + 1 + 4);
    const byJob = (id: string) => events.filter((e) => e.jobStatusChanged.jobId === id).map((e) => e.jobStatusChanged.status);
    expect(byJob(jobs[0].id)).toEqual(['SCHEDULED', 'FIRING', 'SUCCESS']);
    expect(byJob(jobs[1].id)).toEqual(['SCHEDULED', 'FIRING', 'SUCCESS']);
    expect(byJob(jobs[2].id)).toEqual(['SCHEDULED', 'CANCELLED']);
    await sub.dispose();
  });

  it('isolates projects: B sees nothing of A, and A’s job id is an error for B', async () => {
    const a = await signUp(server.url);
    const b = await signUp(server.url);
    const bAll = subscribe(server.url, JobStatusChangedDocument, {}, { 'x-api-key': b.apiKey });
    const bUserAll = subscribe(server.url, JobStatusChangedDocument, {}, { authorization: `Bearer ${b.token}` });
    const aAll = subscribe(server.url, JobStatusChangedDocument, {}, { 'x-api-key': a.apiKey });
    await Promise.all([bAll.connected, bUserAll.connected, aAll.connected]);
    await new Promise((r) => setTimeout(r, 100));
    const job = await schedule(a.apiKey, receiver.on('/live-isolated'), 500);
    await aAll.waitForEvents(3);
    const bForA = subscribe(server.url, JobStatusChangedDocument, { jobId: job.id }, { 'x-api-key': b.apiKey });
    const bForProjectA = subscribe(server.url, JobStatusChangedDocument, { projectId: a.projectId }, { 'x-api-key': b.apiKey });
    await new Promise((r) => setTimeout(r, 500));
    expect(bAll.events).toEqual([]);
    expect(bUserAll.events).toEqual([]);
    expect(bForA.events).toEqual([]);
    expect(JSON.stringify(bForA.errors)).toMatch(/Job not found/);
    expect(JSON.stringify(bForProjectA.errors)).toMatch(/Project not found/);
    await Promise.all([bAll, bUserAll, aAll, bForA, bForProjectA].map((s) => s.dispose()));
  });

  it.each([
    ['no credentials', {}],
    ['a bad API key', { 'x-api-key': `sk_${'1'.repeat(64)}` }],
    ['a bad bearer token', { authorization: 'Bearer nope' }],
  ])('closes a connection with %s with 4403', async (_case, params) => {
    const sub = subscribe(server.url, JobStatusChangedDocument, {}, params as Record<string, string>);
    expect(await sub.closed).toBe(4403);
    await sub.dispose();
  });

  it('revoking the key ends its open subscription', async () => {
    const user = await signUp(server.url);
    const sub = subscribe(server.url, JobStatusChangedDocument, {}, { 'x-api-key': user.apiKey });
    await sub.connected;
    const { project } = await gqlOk(server.url, ProjectDocument, { id: user.projectId }, { token: user.token });
    await gqlOk(server.url, RevokeApiKeyDocument, { id: project!.apiKeys[0].id }, { token: user.token });
    expect(await sub.closed).toBe(4403);
  });

  it('200 concurrent subscribers each get every event exactly once', async () => {
    const user = await signUp(server.url);
    const subs = Array.from({ length: 200 }, () => subscribe(server.url, JobStatusChangedDocument, { projectId: user.projectId }, { 'x-api-key': user.apiKey }));
    await Promise.all(subs.map((s) => s.connected));
    await new Promise((r) => setTimeout(r, 300));
    const url = receiver.on('/live-many');
    const jobs = [await schedule(user.apiKey, url, 1_300), await schedule(user.apiKey, url, 1_400)];
    await Promise.all(subs.map((s) => s.waitForEvents(6, 20_000)));
    await new Promise((r) => setTimeout(r, 300));
    for (const sub of subs) {
      expect(sub.events).toHaveLength(6);
      for (const job of jobs) {
        expect(sub.events.filter((e) => e.jobStatusChanged.jobId === job.id).map((e) => e.jobStatusChanged.status)).toEqual(['SCHEDULED', 'FIRING', 'SUCCESS']);
      }
    }
    await Promise.all(subs.map((s) => s.dispose()));
  }, 60_000);
});
