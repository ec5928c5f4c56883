/**
 * Job control against a real receiver, over REST and GraphQL: edit and reschedule, run
 * now, replay, bulk cancel and replay, batch create; and the races with the firing path
 * (an edit or a cancel against the firing instant, across many jobs).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CancelJobsDocument,
  JobStatusChangedDocument,
  ReplayJobDocument,
  ReplayJobsDocument,
  RunJobNowDocument,
  ScheduleJobsDocument,
  UpdateJobDocument,
} from '../generated/graphql.js';
import { inMs, signUp, startTestApp, type TestApp } from '../helpers/app.js';
import { gql, gqlOk, rest } from '../helpers/clients.js';
import { until, withDatabase } from '../helpers/jobs.js';
import { Receiver, respond } from '../helpers/receiver.js';
import { subscribe } from '../helpers/subscriptions.js';

let server: TestApp;
let receiver: Receiver;
let user: Awaited<ReturnType<typeof signUp>>;
beforeAll(async () => {
  server = await startTestApp({ RETRY_DELAYS: '10s', MAX_ATTEMPTS: '2' });
  receiver = await new Receiver().start();
  user = await signUp(server.url);
});
afterAll(async () => {
  await server?.stop();
  await receiver?.stop();
});

const key = () => ({ apiKey: user.apiKey });
const post = (path: string, body?: unknown, headers: Record<string, string> = {}) => rest(server.url, 'POST', path, { body, credentials: key(), headers });
const create = async (body: Record<string, unknown>) => {
  const res = await post('/api/v1/jobs', { title: 'job', webhookUrl: 'https://example.com/x', ...(body.fireAt ? {} : { delay: '1h' }), ...body });
  expect(res.status).toBe(201);
  return res.body.data as { id: string; fireAt: string; status: string; [k: string]: unknown };
};
const getJob = async (id: string) => (await rest(server.url, 'GET', `/api/v1/jobs/${id}`, { credentials: { token: user.token } })).body.data;
const statusOf = (id: string) => getJob(id).then((job) => job.status as string);

describe('edit and reschedule', () => {
  it('moves a job: it fires at its new time only', async () => {
    const url = receiver.on('/moved');
    const job = await create({ webhookUrl: url, delay: '600ms', title: 'before' });
    const newTime = inMs(2_000);
    const res = await rest(server.url, 'PATCH', `/api/v1/jobs/${job.id}`, { body: { fireAt: newTime, title: 'after', payload: { v: 2 } }, credentials: key() });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ message: 'Job updated successfully', data: { id: job.id, fireAt: newTime.replace(/(\.\d{3})?Z$/, (m) => (m.length > 1 ? m : '.000Z')), title: 'after', payload: { v: 2 }, status: 'SCHEDULED' } });
    await new Promise((r) => setTimeout(r, 1_200));
    expect(receiver.for('/moved')).toEqual([]);
    await receiver.waitFor(() => receiver.for('/moved').length === 1, 5_000);
    const [delivery] = receiver.for('/moved');
    expect(delivery.arrivedAt).toBeGreaterThanOrEqual(Date.parse(newTime));
    expect(delivery.json).toMatchObject({ title: 'after', payload: { v: 2 } });
    await new Promise((r) => setTimeout(r, 500));
    expect(receiver.for('/moved')).toHaveLength(1);
  });

  it('over GraphQL with a delay, options and labels; null resets an option to the default', async () => {
    const job = await create({ retry: { maxAttempts: 5 }, labels: { a: '1' } });
    const { updateJob } = await gqlOk(server.url, UpdateJobDocument, { id: job.id, input: { delay: '2h', labels: { b: '2' }, retry: null, timeout: '1s' } }, key());
    expect(Date.parse(updateJob.fireAt)).toBeGreaterThan(Date.now() + 7_000_000);
    expect(updateJob).toMatchObject({ labels: { b: '2' }, retry: { maxAttempts: 2 }, timeout: '1s' });
  });

  it('refuses a job that is no longer SCHEDULED with "Only scheduled jobs can be changed"', async () => {
    const job = await create({});
    await rest(server.url, 'DELETE', `/api/v1/jobs/${job.id}`, { credentials: key() });
    const res = await rest(server.url, 'PATCH', `/api/v1/jobs/${job.id}`, { body: { title: 'x' }, credentials: key() });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('Only scheduled jobs can be changed');
    const graphql = await gql(server.url, UpdateJobDocument, { id: job.id, input: { title: 'x' } }, key());
    expect(graphql.errors?.[0]).toMatchObject({ message: 'Only scheduled jobs can be changed', extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('validates as scheduling does, and another project’s job is not found', async () => {
    const job = await create({});
    for (const [body, message] of [[{ fireAt: '2020-01-01T00:00:00Z' }, /fireAt must be in the future/], [{ webhookUrl: 'ftp://x' }, /http or https/], [{ headers: { host: 'x' } }, /reserved/], [{ fireAt: null }, /cannot be cleared/]] as const) {
      const res = await rest(server.url, 'PATCH', `/api/v1/jobs/${job.id}`, { body, credentials: key() });
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(message);
    }
    const stranger = await signUp(server.url);
    expect((await rest(server.url, 'PATCH', `/api/v1/jobs/${job.id}`, { body: { title: 'x' }, credentials: { apiKey: stranger.apiKey } })).status).toBe(404);
    expect((await gql(server.url, UpdateJobDocument, { id: job.id, input: { title: 'x' } }, { apiKey: stranger.apiKey })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('edit vs fire at the same instant over many jobs: each job is sent once, with the values of whichever won', async () => {
    const url = receiver.on('/edit-race');
    // Far enough ahead that 60 creates on a loaded machine all land before it.
    const fireAt = inMs(3_000);
    const jobs = await Promise.all(Array.from({ length: 60 }, (_, i) => create({ webhookUrl: url, fireAt, title: `old ${i}` })));
    await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(fireAt) - Date.now() - 5)));
    const edits = await Promise.all(jobs.map((job) => rest(server.url, 'PATCH', `/api/v1/jobs/${job.id}`, { body: { title: `new ${job.id}`, delay: '800ms' }, credentials: key() })));
    await until('all delivered', () => new Set(receiver.for('/edit-race').map((r) => r.json.jobId)).size === jobs.length, 15_000);
    await new Promise((r) => setTimeout(r, 1_000));
    const deliveries = receiver.for('/edit-race');
    expect(deliveries).toHaveLength(jobs.length);
    jobs.forEach((job, i) => {
      const delivery = deliveries.find((d) => d.json.jobId === job.id)!;
      if (edits[i].status === 200) {
        expect(delivery.json.title).toBe(`new ${job.id}`);
        expect(delivery.arrivedAt).toBeGreaterThanOrEqual(Date.parse(edits[i].body.data.fireAt));
      } else {
        expect(edits[i].body.message).toBe('Only scheduled jobs can be changed');
        expect(delivery.json.title).toBe(`old ${i}`);
      }
    });
  });
});

describe('published to subscribers', () => {
  it('an edit and a run now are events of the job (SCHEDULED → SCHEDULED, with the job as changed), then it fires', async () => {
    const url = receiver.on('/watched');
    const job = await create({ webhookUrl: url, title: 'before' });
    const events = subscribe(server.url, JobStatusChangedDocument, { jobId: job.id }, { 'x-api-key': user.apiKey });
    try {
      await events.connected;
      expect((await rest(server.url, 'PATCH', `/api/v1/jobs/${job.id}`, { body: { title: 'after' }, credentials: key() })).status).toBe(200);
      const [edited] = await events.waitForEvents(1);
      expect(edited.jobStatusChanged).toMatchObject({ jobId: job.id, status: 'SCHEDULED', previousStatus: 'SCHEDULED', job: { title: 'after', status: 'SCHEDULED' } });
      expect((await post(`/api/v1/jobs/${job.id}/run`)).status).toBe(200);
      const seen = await events.waitForEvents(4);
      expect(seen.map((e) => [e.jobStatusChanged.previousStatus, e.jobStatusChanged.status])).toEqual([
        ['SCHEDULED', 'SCHEDULED'], ['SCHEDULED', 'SCHEDULED'], ['SCHEDULED', 'FIRING'], ['FIRING', 'SUCCESS'],
      ]);
      expect(receiver.for('/watched')).toHaveLength(1);
    } finally {
      await events.dispose();
    }
  });
});

describe('run now', () => {
  it('fires a scheduled job at once, and one waiting between retries', async () => {
    const url = receiver.on('/run-now', respond(500), respond(200));
    const job = await create({ webhookUrl: url, delay: '1h' });
    const asked = Date.now();
    const res = await post(`/api/v1/jobs/${job.id}/run`);
    expect(res.status).toBe(200);
    expect(res.body.message).toBe('Job triggered successfully');
    await receiver.waitFor(() => receiver.for('/run-now').length === 1, 5_000);
    // The first byte's lateness is a benchmark figure; here it must merely not wait for the next poll.
    expect(receiver.for('/run-now')[0].arrivedAt - asked).toBeLessThan(1_000);
    await until('retry armed', async () => (await getJob(job.id)).retryCount === 1, 5_000);
    // Waiting 10 s for its retry: run it now.
    const { runJobNow } = await gqlOk(server.url, RunJobNowDocument, { id: job.id }, key());
    expect(runJobNow.status).toBe('SCHEDULED');
    await until('succeeded', async () => (await statusOf(job.id)) === 'SUCCESS', 5_000);
    expect(receiver.for('/run-now')).toHaveLength(2);
    expect((await getJob(job.id)).fireAt).toBe(job.fireAt);
  });

  it('refuses a finished job; run-now vs cancel on many jobs: never a delivery after a won cancel', async () => {
    const finished = await create({});
    await rest(server.url, 'DELETE', `/api/v1/jobs/${finished.id}`, { credentials: key() });
    const refused = await post(`/api/v1/jobs/${finished.id}/run`);
    expect(refused.status).toBe(400);
    expect(refused.body.message).toBe('Only scheduled jobs can be run now');

    const url = receiver.on('/run-cancel');
    const jobs = await Promise.all(Array.from({ length: 50 }, () => create({ webhookUrl: url, delay: '1h' })));
    const outcomes = await Promise.all(jobs.map(async (job) => {
      const [run, cancel] = await Promise.all([post(`/api/v1/jobs/${job.id}/run`), rest(server.url, 'DELETE', `/api/v1/jobs/${job.id}`, { credentials: key() })]);
      return { id: job.id, run: run.status, cancel: cancel.status };
    }));
    await new Promise((r) => setTimeout(r, 1_500));
    const delivered = new Set(receiver.for('/run-cancel').map((r) => r.json.jobId));
    for (const outcome of outcomes) {
      if (outcome.cancel === 200) expect(delivered.has(outcome.id)).toBe(false);
      else expect(delivered.has(outcome.id)).toBe(true);
      expect(await statusOf(outcome.id)).toBe(outcome.cancel === 200 ? 'CANCELLED' : 'SUCCESS');
    }
  });
});

describe('replay', () => {
  it('a DEAD job becomes a new job with the same title, URL, payload, options and labels; the original keeps its history', async () => {
    const url = receiver.on('/replayed', respond(500), respond(500), respond(200));
    const rawPayload = '{"b":1,  "a":[1,2]}';
    const created = await rest(server.url, 'POST', '/api/v1/jobs', {
      body: `{"title":"replay me","webhookUrl":${JSON.stringify(url)},"delay":"100ms","payload":${rawPayload},"retry":{"maxAttempts":2,"delays":["100ms"]},"labels":{"k":"v"},"headers":{"x-a":"1"}}`,
      credentials: key(),
    });
    const original = created.body.data;
    await until('dead', async () => (await statusOf(original.id)) === 'DEAD', 10_000);
    const res = await post(`/api/v1/jobs/${original.id}/replay`);
    expect(res.status).toBe(201);
    expect(res.body.message).toBe('Job replayed successfully');
    const replay = res.body.data;
    expect(replay).toMatchObject({ replayOf: original.id, title: 'replay me', webhookUrl: url, labels: { k: 'v' }, headers: { 'x-a': '1' }, retry: { maxAttempts: 2, delays: ['100ms'] }, status: 'SCHEDULED' });
    expect(replay.id).not.toBe(original.id);
    await until('replay succeeded', async () => (await statusOf(replay.id)) === 'SUCCESS', 5_000);
    const last = receiver.for('/replayed').at(-1)!;
    expect(last.body).toContain(`"payload":${rawPayload},`);
    expect(last.headers['x-a']).toBe('1');
    const after = await getJob(original.id);
    expect(after).toMatchObject({ status: 'DEAD' });
    expect(after.logs).toHaveLength(2);
    // A chain: the replay can be replayed in turn, at a time of one's choosing, over GraphQL.
    const at = inMs(3_600_000);
    const { replayJob } = await gqlOk(server.url, ReplayJobDocument, { id: replay.id, fireAt: at }, key());
    expect(replayJob).toMatchObject({ replayOf: replay.id, status: 'SCHEDULED', fireAt: new Date(at).toISOString() });
  });

  it('refuses a job that has not finished; an idempotency key gives one replay', async () => {
    const scheduled = await create({});
    const refused = await post(`/api/v1/jobs/${scheduled.id}/replay`);
    expect(refused.status).toBe(400);
    expect(refused.body.message).toBe('Only dead, successful or cancelled jobs can be replayed');
    await rest(server.url, 'DELETE', `/api/v1/jobs/${scheduled.id}`, { credentials: key() });
    // One time for both: the same request repeated (two calls of inMs could differ by a millisecond, a different request).
    const fireAt = inMs(3_600_000);
    const [first, second] = await Promise.all([0, 1].map(() => post(`/api/v1/jobs/${scheduled.id}/replay`, { fireAt }, { 'Idempotency-Key': `replay-${scheduled.id}` })));
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(first.body.data.id).toBe(second.body.data.id);
    const different = await post(`/api/v1/jobs/${scheduled.id}/replay`, {}, { 'Idempotency-Key': `replay-${scheduled.id}` });
    expect(different.status).toBe(422);
  });
});

describe('bulk', () => {
  it('cancels 20,000 jobs matched by a label, in batches, and replays them', async () => {
    const owner = await signUp(server.url);
    const inputs = Array.from({ length: 1_000 }, (_, i) => ({ title: `bulk ${i}`, webhookUrl: 'https://example.com/x', delay: '2h', labels: { campaign: 'spring' } }));
    for (let i = 0; i < 20; i++) {
      const res = await rest(server.url, 'POST', '/api/v1/jobs/batch', { body: { jobs: inputs }, credentials: { apiKey: owner.apiKey } });
      expect(res.status).toBe(201);
    }
    const keep = await rest(server.url, 'POST', '/api/v1/jobs', { body: { title: 'keep', webhookUrl: 'https://example.com/x', delay: '2h', labels: { campaign: 'autumn' } }, credentials: { apiKey: owner.apiKey } });
    const cancelled = await rest(server.url, 'POST', '/api/v1/jobs/cancel', { body: { labels: { campaign: 'spring' } }, credentials: { apiKey: owner.apiKey } });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.message).toBe('Jobs cancelled successfully');
    expect(cancelled.body.data.count).toBe(20_000);
    expect(new Set(cancelled.body.data.ids).size).toBe(20_000);
    await withDatabase(server.databaseUrl, async (db) => {
      const counts = await db.query(`select status, count(*)::int as n from jobs where project_id = $1 group by status order by status`, [owner.projectId]);
      expect(counts.rows).toEqual([{ status: 'CANCELLED', n: 20_000 }, { status: 'SCHEDULED', n: 1 }]);
    });
    expect(await (async () => (await rest(server.url, 'GET', `/api/v1/jobs/${keep.body.data.id}`, { credentials: { token: owner.token } })).body.data.status)()).toBe('SCHEDULED');
    // Again: nothing left to cancel.
    expect((await gqlOk(server.url, CancelJobsDocument, { filter: { labels: { campaign: 'spring' } } }, { apiKey: owner.apiKey })).cancelJobs.count).toBe(0);

    const { replayJobs } = await gqlOk(server.url, ReplayJobsDocument, { filter: { status: 'CANCELLED', labels: { campaign: 'spring' } } }, { apiKey: owner.apiKey });
    expect(replayJobs.count).toBe(20_000);
    await withDatabase(server.databaseUrl, async (db) => {
      const { rows } = await db.query(`select count(*)::int as n, count(distinct replay_of)::int as originals from jobs where project_id = $1 and replay_of is not null`, [owner.projectId]);
      expect(rows[0]).toEqual({ n: 20_000, originals: 20_000 });
    });
    // Cancel the replays (due now) so they do not all fire against example.com.
    await rest(server.url, 'POST', '/api/v1/jobs/cancel', { body: { ids: replayJobs.ids.slice(0, 10_000) }, credentials: { apiKey: owner.apiKey } });
    await rest(server.url, 'POST', '/api/v1/jobs/cancel', { body: { ids: replayJobs.ids.slice(10_000) }, credentials: { apiKey: owner.apiKey } });
  }, 120_000);

  it('a bulk cancel racing the firing instant never cancels a job it then delivers', async () => {
    const url = receiver.on('/bulk-race');
    const fireAt = inMs(1_500);
    const inputs = Array.from({ length: 300 }, () => ({ title: 'race', webhookUrl: url, fireAt, labels: { race: 'yes' } }));
    const created = await rest(server.url, 'POST', '/api/v1/jobs/batch', { body: { jobs: inputs }, credentials: key() });
    await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(fireAt) - Date.now() - 3)));
    const { cancelJobs } = await gqlOk(server.url, CancelJobsDocument, { filter: { labels: { race: 'yes' } } }, key());
    await new Promise((r) => setTimeout(r, 2_000));
    const delivered = new Set(receiver.for('/bulk-race').map((r) => r.json.jobId));
    for (const id of cancelJobs.ids) expect(delivered.has(id)).toBe(false);
    expect(cancelJobs.count + delivered.size).toBe(created.body.data.jobs.length);
  });

  it('stays within the caller’s projects and refuses an empty filter', async () => {
    const owner = await signUp(server.url);
    const stranger = await signUp(server.url);
    const job = await rest(server.url, 'POST', '/api/v1/jobs', { body: { title: 't', webhookUrl: 'https://example.com/x', delay: '1h' }, credentials: { apiKey: owner.apiKey } });
    const theirs = await rest(server.url, 'POST', '/api/v1/jobs/cancel', { body: { ids: [job.body.data.id] }, credentials: { apiKey: stranger.apiKey } });
    expect(theirs.body.data).toEqual({ count: 0, ids: [] });
    const byProject = await gqlOk(server.url, CancelJobsDocument, { filter: { projectId: owner.projectId } }, { token: stranger.token });
    expect(byProject.cancelJobs.count).toBe(0);
    const empty = await rest(server.url, 'POST', '/api/v1/jobs/cancel', { body: {}, credentials: { apiKey: owner.apiKey } });
    expect(empty.status).toBe(400);
    expect(empty.body.message).toMatch(/filter must set at least one of/);
    expect((await gql(server.url, ReplayJobsDocument, { filter: {} }, { apiKey: owner.apiKey })).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await rest(server.url, 'GET', `/api/v1/jobs/${job.body.data.id}`, { credentials: { token: owner.token } })).body.data.status).toBe('SCHEDULED');
  });
});

describe('batch create', () => {
  it('creates up to 1,000 jobs in order in one call, over REST and GraphQL', async () => {
    const inputs = Array.from({ length: 1_000 }, (_, i) => ({ title: `batch ${i}`, webhookUrl: 'https://example.com/x', delay: `${3_600 + i}s`, payload: { i } }));
    const res = await post('/api/v1/jobs/batch', { jobs: inputs });
    expect(res.status).toBe(201);
    expect(res.body.message).toBe('Jobs scheduled successfully');
    expect(res.body.data.jobs.map((job: { title: string }) => job.title)).toEqual(inputs.map((input) => input.title));
    expect(res.body.data.jobs[7].payload).toEqual({ i: 7 });
    const { scheduleJobs } = await gqlOk(server.url, ScheduleJobsDocument, { inputs: inputs.slice(0, 3) }, key());
    expect(scheduleJobs.map((job) => job.title)).toEqual(['batch 0', 'batch 1', 'batch 2']);
    const tooMany = await post('/api/v1/jobs/batch', { jobs: [...inputs, inputs[0]] });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.message).toBe('jobs must be a list of 1 to 1000 jobs');
  });

  it('validates as a whole: a 400 names the index and the field, and nothing is created', async () => {
    const owner = await signUp(server.url);
    const good = { title: 'ok', webhookUrl: 'https://example.com/x', delay: '1h' };
    const res = await rest(server.url, 'POST', '/api/v1/jobs/batch', { body: { jobs: [good, good, good, { ...good, webhookUrl: 'ftp://x' }, good] }, credentials: { apiKey: owner.apiKey } });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('jobs[3].webhookUrl must use http or https');
    const graphql = await gql(server.url, ScheduleJobsDocument, { inputs: [good, { ...good, delay: 'never' }] }, { apiKey: owner.apiKey });
    expect(graphql.errors?.[0]).toMatchObject({ message: expect.stringMatching(/^inputs\[1\]\.delay must be a duration/), extensions: { code: 'BAD_USER_INPUT', field: 'inputs[1].delay' } });
    expect((await rest(server.url, 'POST', '/api/v1/jobs/batch', { body: { jobs: [good, 'x'] }, credentials: { apiKey: owner.apiKey } })).body.message).toBe('jobs[1]: must be a JSON object');
    const listed = await rest(server.url, 'GET', '/api/v1/jobs', { credentials: { token: owner.token } });
    expect(listed.body.data.pagination.total).toBe(0);
  });

  it('idempotency per item: repeats answer the original jobs, a changed item is a 422 for the whole batch', async () => {
    const owner = await signUp(server.url);
    const items = [
      { title: 'a', webhookUrl: 'https://example.com/x', fireAt: inMs(3_600_000), idempotencyKey: 'item-a' },
      { title: 'b', webhookUrl: 'https://example.com/x', fireAt: inMs(3_600_000), idempotencyKey: 'item-b' },
      { title: 'c', webhookUrl: 'https://example.com/x', delay: '1h' },
    ];
    const first = await rest(server.url, 'POST', '/api/v1/jobs/batch', { body: { jobs: items }, credentials: { apiKey: owner.apiKey } });
    const again = await rest(server.url, 'POST', '/api/v1/jobs/batch', { body: { jobs: items.slice(0, 2) }, credentials: { apiKey: owner.apiKey } });
    expect(again.status).toBe(201);
    expect(again.body.data.jobs.map((j: { id: string }) => j.id)).toEqual(first.body.data.jobs.slice(0, 2).map((j: { id: string }) => j.id));
    const changed = await rest(server.url, 'POST', '/api/v1/jobs/batch', { body: { jobs: [items[0], { ...items[1], title: 'changed' }] }, credentials: { apiKey: owner.apiKey } });
    expect(changed.status).toBe(422);
    expect(changed.body.message).toBe('jobs[1]: idempotency key was already used with a different request');
    // A key repeated inside one batch with the same request stands for one job.
    const twice = await rest(server.url, 'POST', '/api/v1/jobs/batch', { body: { jobs: [{ ...items[2], idempotencyKey: 'twice' }, { ...items[2], idempotencyKey: 'twice' }] }, credentials: { apiKey: owner.apiKey } });
    expect(twice.body.data.jobs[0].id).toBe(twice.body.data.jobs[1].id);
    const listed = await rest(server.url, 'GET', '/api/v1/jobs?limit=100', { credentials: { token: owner.token } });
    expect(listed.body.data.pagination.total).toBe(4);
  });
});
