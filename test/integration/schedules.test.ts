/**
 * Recurring schedules through both transports, with a real receiver: creation and its
 * validation, the next-runs preview, runs that are ordinary jobs (headers, body, logs,
 * subscriptions), pause / resume / delete, updates, and tenancy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateScheduleDocument,
  DeleteScheduleDocument,
  JobStatusChangedDocument,
  PauseScheduleDocument,
  ResumeScheduleDocument,
  ScheduleDocument,
  SchedulePreviewDocument,
  ScheduleRunsDocument,
  SchedulesDocument,
  UpdateScheduleDocument,
} from '../generated/graphql.js';
import { signUp, startTestApp, type TestApp } from '../helpers/app.js';
import { gql, gqlOk, rest } from '../helpers/clients.js';
import { until, withDatabase } from '../helpers/jobs.js';
import { Receiver } from '../helpers/receiver.js';
import { subscribe } from '../helpers/subscriptions.js';
import { compileCron } from '../../src/domain/schedules/occurrences.js';

let server: TestApp;
let receiver: Receiver;
beforeAll(async () => {
  // Runs are planned 2 s ahead here (15 s in production) so that pausing and resuming act within a test's time.
  server = await startTestApp({}, { planHorizonMs: 2_000 });
  receiver = await new Receiver().start();
});
afterAll(async () => {
  await server?.stop();
  await receiver?.stop();
});

const createRest = (apiKey: string, body: Record<string, unknown>) => rest(server.url, 'POST', '/api/v1/schedules', { body, credentials: { apiKey } });
const runsOf = (scheduleId: string) =>
  withDatabase(server.databaseUrl, async (db) =>
    (await db.query('select id, status, scheduled_for, fire_at from jobs where schedule_id = $1 order by scheduled_for', [scheduleId])).rows as Array<{ id: string; status: string; scheduled_for: Date; fire_at: Date }>,
  );

describe('creating a schedule', () => {
  it('makes "every weekday at 09:00 Europe/Berlin" with curl-style REST and previews its next runs', async () => {
    const user = await signUp(server.url);
    const res = await createRest(user.apiKey, {
      name: 'morning report', cron: '0 9 * * 1-5', timezone: 'Europe/Berlin',
      title: 'Report', webhookUrl: 'https://example.com/hooks/report', payload: { kind: 'daily' },
    });
    expect(res.status).toBe(201);
    expect(res.body.message).toBe('Schedule created successfully');
    const expected = compileCron('0 9 * * 1-5', 'Europe/Berlin').nextRuns(5, new Date()).map((d) => d.toISOString());
    expect(res.body.data).toMatchObject({
      projectId: user.projectId, name: 'morning report', cron: '0 9 * * 1-5', every: null, timezone: 'Europe/Berlin',
      title: 'Report', payload: { kind: 'daily' }, paused: false, catchUp: 'LATEST', startAt: null, endAt: null,
      nextRunAt: expected[0], lastRunAt: null,
    });
    expect(Object.keys(res.body.data)).toEqual([
      'id', 'projectId', 'name', 'cron', 'every', 'timezone', 'title', 'webhookUrl', 'payload', 'paused', 'startAt', 'endAt', 'catchUp', 'nextRunAt', 'lastRunAt', 'createdAt', 'updatedAt',
      'retry', 'timeout', 'headers', 'labels',
    ]);
    const one = await rest(server.url, 'GET', `/api/v1/schedules/${res.body.data.id}`, { credentials: { token: user.token } });
    expect(one.body.message).toBe('Schedule fetched successfully');
    expect(one.body.data.nextRuns).toEqual(expected);
    // Every run is 09:00 on a weekday in Berlin, whatever its UTC offset that day.
    for (const run of expected) {
      const local = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', weekday: 'short', hour: '2-digit', minute: '2-digit' }).format(new Date(run));
      expect(local).toMatch(/^(Mon|Tue|Wed|Thu|Fri) 09:00$/);
    }
    const viaKey = await rest(server.url, 'GET', '/api/v1/schedules', { credentials: { apiKey: user.apiKey } });
    expect(viaKey.body.data.schedules.map((s: { id: string }) => s.id)).toEqual([res.body.data.id]);
    expect(viaKey.body.data.pagination).toEqual({ total: 1, page: 1, limit: 20, totalPages: 1 });
  });

  it('over GraphQL, with a session token and projectId, and nextRuns up to 100', async () => {
    const user = await signUp(server.url);
    const { createSchedule } = await gqlOk(server.url, CreateScheduleDocument, {
      input: { projectId: user.projectId, name: 'quarter-hourly', every: '15m', title: 't', webhookUrl: 'https://example.com/x', catchUp: 'NONE' },
    }, { token: user.token });
    expect(createSchedule).toMatchObject({ every: '15m', cron: null, timezone: 'UTC', catchUp: 'NONE' });
    const runs = createSchedule.nextRuns.map((r) => Date.parse(r));
    expect(runs[1] - runs[0]).toBe(15 * 60_000);
    expect(Math.abs(runs[0] - (Date.now() + 15 * 60_000))).toBeLessThan(10_000);
    const { schedule } = await gqlOk(server.url, ScheduleDocument, { id: createSchedule.id, count: 100 }, { token: user.token });
    expect(schedule!.nextRuns).toHaveLength(100);
    expect(schedule!.project).toEqual({ id: user.projectId, name: 'production' });
    const tooMany = await gql(server.url, ScheduleDocument, { id: createSchedule.id, count: 101 }, { token: user.token });
    expect(tooMany.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'count' });
  });

  it('previews the runs of a timing without creating anything, refusing bad input as creation would', async () => {
    const user = await signUp(server.url);
    const { schedulePreview } = await gqlOk(server.url, SchedulePreviewDocument, { cron: '30 2 * * *', timezone: 'Europe/Berlin', count: 3 }, { token: user.token });
    expect(schedulePreview).toEqual(compileCron('30 2 * * *', 'Europe/Berlin').nextRuns(3, new Date()).map((d) => d.toISOString()));
    const bad = await gql(server.url, SchedulePreviewDocument, { cron: '0 9 * * *', timezone: 'Nowhere/Land' }, { token: user.token });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'timezone' });
    expect((await gql(server.url, SchedulePreviewDocument, { every: '1m' })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await gqlOk(server.url, SchedulesDocument, {}, { token: user.token })).schedules.pagination.total).toBe(0);
  });

  const base = { name: 'n', title: 't', webhookUrl: 'https://example.com/x' };
  const invalid: Array<[string, Record<string, unknown>, string, RegExp]> = [
    ['an invalid cron', { ...base, cron: '61 * * * *' }, 'cron', /cron is not a valid expression/],
    ['a cron with four fields', { ...base, cron: '* * * *' }, 'cron', /cron is not a valid expression/],
    ['a cron with seven fields', { ...base, cron: '0 0 0 1 1 * 2030' }, 'cron', /cron is not a valid expression/],
    ['a cron that never fires', { ...base, cron: '0 0 30 2 *' }, 'cron', /never matches/],
    ['an unknown time zone', { ...base, cron: '0 9 * * *', timezone: 'Mars/Olympus' }, 'timezone', /not a known IANA time zone/],
    ['an offset instead of a zone', { ...base, cron: '0 9 * * *', timezone: '+05:30' }, 'timezone', /IANA time zone name/],
    ['every too short', { ...base, every: '500ms' }, 'every', /at least 1 s/],
    ['every not a duration', { ...base, every: 'often' }, 'every', /duration/],
    ['both cron and every', { ...base, cron: '* * * * *', every: '1m' }, 'every', /exactly one of cron and every/],
    ['neither cron nor every', { ...base }, 'cron', /exactly one of cron and every/],
    ['endAt before startAt', { ...base, every: '1m', startAt: '2030-01-02T00:00:00Z', endAt: '2030-01-01T00:00:00Z' }, 'endAt', /endAt must be after startAt/],
    ['an endAt in the past', { ...base, every: '1m', endAt: '2020-01-01T00:00:00Z' }, 'endAt', /no run before endAt/],
    ['a bad catchUp', { ...base, every: '1m', catchUp: 'SOME' }, 'catchUp', /catchUp must be one of NONE, LATEST, ALL/],
    ['a missing name', { ...base, name: undefined, every: '1m' }, 'name', /name is required/],
    ['a missing title', { ...base, title: undefined, every: '1m' }, 'title', /title is required/],
    ['a bad webhookUrl', { ...base, webhookUrl: 'ftp://x', every: '1m' }, 'webhookUrl', /http or https/],
    ['a payload that is an array', { ...base, every: '1m', payload: [1] }, 'payload', /JSON object/],
    ['a startAt with an offset', { ...base, every: '1m', startAt: '2030-01-01T00:00:00+01:00' }, 'startAt', /trailing Z/],
  ];

  it.each(invalid)('refuses %s over REST (400 naming the field) and GraphQL (BAD_USER_INPUT)', async (_what, body, field, message) => {
    const user = await signUp(server.url);
    const res = await createRest(user.apiKey, body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ status: false, data: null });
    expect(res.body.message).toMatch(message);
    expect(res.body.message).toContain(field);
    const graphql = await gql(server.url, CreateScheduleDocument, { input: body as never }, { apiKey: user.apiKey });
    const error = graphql.errors?.[0];
    expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
    if (error?.extensions?.field) expect(error.extensions.field).toBe(field);
    expect(error?.message).toContain(field);
    const { schedules } = await gqlOk(server.url, SchedulesDocument, {}, { token: user.token });
    expect(schedules.pagination.total).toBe(0);
  });

  it('needs credentials: writes an API key, reads either', async () => {
    expect((await rest(server.url, 'POST', '/api/v1/schedules', { body: { ...base, every: '1m' } })).status).toBe(401);
    const user = await signUp(server.url);
    const withSession = await rest(server.url, 'POST', '/api/v1/schedules', { body: { ...base, every: '1m' }, credentials: { token: user.token } });
    expect(withSession.status).toBe(401);
    expect(withSession.body.message).toBe('Missing x-api-key header');
    expect((await rest(server.url, 'GET', '/api/v1/schedules')).status).toBe(401);
  });
});

describe('runs', () => {
  it('an every-1s schedule running for 10 s gives 10 runs ±1, one job per occurrence, each delivered as a normal job', async () => {
    const user = await signUp(server.url);
    const url = receiver.on('/every-second');
    const created = await createRest(user.apiKey, { name: 'tick', every: '1s', title: 'tick', webhookUrl: url, payload: { n: 1 } });
    expect(created.status).toBe(201);
    const id = created.body.data.id;
    const started = Date.now();
    await new Promise((r) => setTimeout(r, 10_000));
    await rest(server.url, 'DELETE', `/api/v1/schedules/${id}`, { credentials: { apiKey: user.apiKey } });
    const within = receiver.for('/every-second').filter((r) => r.arrivedAt - started <= 10_000);
    expect(within.length).toBeGreaterThanOrEqual(9);
    expect(within.length).toBeLessThanOrEqual(11);

    const runs = await runsOf(id);
    const occurrences = runs.map((r) => r.scheduled_for.getTime());
    expect(new Set(occurrences).size).toBe(occurrences.length);
    // Consecutive occurrences one second apart, counted from the creation.
    for (let i = 1; i < occurrences.length; i++) expect(occurrences[i] - occurrences[i - 1]).toBe(1_000);

    const delivered = receiver.for('/every-second');
    expect(new Set(delivered.map((r) => r.json.jobId)).size).toBe(delivered.length);
    const first = delivered[0];
    expect(Object.keys(JSON.parse(first.body))).toEqual(['jobId', 'title', 'payload', 'firedAt']);
    expect(first.headers['x-dispatch-schedule-id']).toBe(id);
    const run = runs.find((r) => r.id === first.json.jobId)!;
    expect(first.headers['x-dispatch-scheduled-for']).toBe(run.scheduled_for.toISOString());
    expect(first.headers['webhook-signature']).toMatch(/^v1,/);
    // Never sent before its occurrence.
    for (const request of delivered) {
      const due = runs.find((r) => r.id === request.json.jobId)!.scheduled_for.getTime();
      expect(request.arrivedAt).toBeGreaterThanOrEqual(due);
    }

    // The runs are ordinary jobs: listed by scheduleId, with scheduleId and scheduledFor, and logs.
    const listed = await rest(server.url, 'GET', `/api/v1/jobs?scheduleId=${id}&limit=100`, { credentials: { token: user.token } });
    expect(listed.body.data.jobs.length).toBe(runs.length);
    expect(listed.body.data.jobs.every((j: { scheduleId: string }) => j.scheduleId === id)).toBe(true);
    // Newest occurrence first, although one planning pass creates several runs at once.
    const occurrencesListed = listed.body.data.jobs.map((j: { scheduledFor: string }) => j.scheduledFor);
    expect(occurrencesListed).toEqual([...occurrencesListed].sort().reverse());
    const job = await rest(server.url, 'GET', `/api/v1/jobs/${first.json.jobId}`, { credentials: { token: user.token } });
    expect(job.body.data).toMatchObject({ scheduleId: id, scheduledFor: run.scheduled_for.toISOString(), status: 'SUCCESS' });
    expect(job.body.data.logs[0]).toMatchObject({ attempt: 1, status: 'SUCCESS', responseCode: 200 });
    // After delete: nothing more is sent, and the history stays.
    const count = receiver.for('/every-second').length;
    await new Promise((r) => setTimeout(r, 2_500));
    expect(receiver.for('/every-second').length).toBe(count);
    expect((await runsOf(id)).filter((r) => r.status === 'SCHEDULED')).toEqual([]);
  }, 30_000);

  it('a failing run retries and dies like any job', async () => {
    const user = await signUp(server.url);
    const url = receiver.on('/failing-run', (_req, res) => res.writeHead(500).end('down'));
    const { createSchedule } = await gqlOk(server.url, CreateScheduleDocument, { input: { name: 'f', every: '1h', startAt: new Date(Date.now() + 1_000).toISOString(), title: 'f', webhookUrl: url } }, { apiKey: user.apiKey });
    await until('the first run dead', async () => (await runsOf(createSchedule.id)).some((r) => r.status === 'DEAD'), 15_000);
    expect(receiver.for('/failing-run').length).toBe(3);
  });

  it('streams runs to jobStatusChanged(scheduleId) as they are created and fire, and not those of other schedules', async () => {
    const user = await signUp(server.url);
    const url = receiver.on('/streamed');
    const other = await createRest(user.apiKey, { name: 'other', every: '1s', title: 'other', webhookUrl: url });
    const { createSchedule } = await gqlOk(server.url, CreateScheduleDocument, { input: { name: 's', every: '2s', title: 's', webhookUrl: url, paused: true } }, { apiKey: user.apiKey });
    const stream = subscribe(server.url, JobStatusChangedDocument, { scheduleId: createSchedule.id }, { 'x-api-key': user.apiKey });
    await stream.connected;
    await new Promise((r) => setTimeout(r, 200));
    await gqlOk(server.url, ResumeScheduleDocument, { id: createSchedule.id }, { apiKey: user.apiKey });
    await until('a run streamed to SUCCESS', () => stream.events.some((e) => e.jobStatusChanged.status === 'SUCCESS'), 10_000);
    const events = stream.events;
    const first = events.find((e) => e.jobStatusChanged.status === 'SUCCESS')!.jobStatusChanged.jobId;
    const ofFirst = events.filter((e) => e.jobStatusChanged.jobId === first);
    expect(ofFirst.map((e) => [e.jobStatusChanged.previousStatus, e.jobStatusChanged.status])).toEqual([[null, 'SCHEDULED'], ['SCHEDULED', 'FIRING'], ['FIRING', 'SUCCESS']]);
    const runIds = new Set((await runsOf(createSchedule.id)).map((r) => r.id));
    expect(events.every((e) => runIds.has(e.jobStatusChanged.jobId))).toBe(true);
    await stream.dispose();
    await gqlOk(server.url, DeleteScheduleDocument, { id: createSchedule.id }, { apiKey: user.apiKey });
    await rest(server.url, 'DELETE', `/api/v1/schedules/${other.body.data.id}`, { credentials: { apiKey: user.apiKey } });
    // Another user cannot follow it: the same error as an unknown schedule.
    const stranger = await signUp(server.url);
    const refused = subscribe(server.url, JobStatusChangedDocument, { scheduleId: createSchedule.id }, { 'x-api-key': stranger.apiKey });
    await until('the subscription refused', () => refused.errors.length > 0, 5_000);
    expect(JSON.stringify(refused.errors)).toContain('Schedule not found');
    await refused.dispose();
  }, 30_000);
});

describe('pause, resume, update, delete', () => {
  it('a paused schedule creates nothing, and pausing cancels the runs already planned', async () => {
    const user = await signUp(server.url);
    const url = receiver.on('/paused');
    const created = await createRest(user.apiKey, { name: 'p', every: '1s', title: 'p', webhookUrl: url });
    const id = created.body.data.id;
    await receiver.waitFor(() => receiver.for('/paused').length >= 1, 5_000);
    const paused = await rest(server.url, 'POST', `/api/v1/schedules/${id}/pause`, { credentials: { apiKey: user.apiKey } });
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ message: 'Schedule paused successfully', data: { paused: true, nextRunAt: null } });
    // A run that had already started may still finish; nothing starts afterwards.
    await new Promise((r) => setTimeout(r, 300));
    const sent = receiver.for('/paused').length;
    // Past the planning horizon (2 s here) and the missed-run grace (2 s): occurrences are missed now.
    await new Promise((r) => setTimeout(r, 5_000));
    expect(receiver.for('/paused').length).toBe(sent);
    const runs = await runsOf(id);
    expect(runs.filter((r) => r.status === 'SCHEDULED')).toEqual([]);
    expect(runs.some((r) => r.status === 'CANCELLED')).toBe(true);
    const listed = await rest(server.url, 'GET', '/api/v1/schedules?paused=true', { credentials: { apiKey: user.apiKey } });
    expect(listed.body.data.schedules.map((s: { id: string }) => s.id)).toEqual([id]);
    expect((await rest(server.url, 'GET', '/api/v1/schedules?paused=false', { credentials: { apiKey: user.apiKey } })).body.data.schedules).toEqual([]);
    expect((await rest(server.url, 'GET', '/api/v1/schedules?paused=maybe', { credentials: { apiKey: user.apiKey } })).status).toBe(400);

    // Resumed after more than the missed-run grace: LATEST runs the most recent missed occurrence at once, then on schedule.
    const resumed = await rest(server.url, 'POST', `/api/v1/schedules/${id}/resume`, { credentials: { apiKey: user.apiKey } });
    expect(resumed.body).toMatchObject({ message: 'Schedule resumed successfully', data: { paused: false } });
    await receiver.waitFor(() => receiver.for('/paused').length >= sent + 2, 5_000);
    await rest(server.url, 'DELETE', `/api/v1/schedules/${id}`, { credentials: { apiKey: user.apiKey } });
    const after = (await runsOf(id)).filter((r) => r.scheduled_for.getTime() > runs.at(-1)!.scheduled_for.getTime());
    const missed = after.filter((r) => r.fire_at.getTime() > r.scheduled_for.getTime());
    expect(missed).toHaveLength(1);
  }, 30_000);

  it('pausing and resuming at once leaves no gap: the occurrences of the cancelled runs are planned again', async () => {
    const user = await signUp(server.url);
    const url = receiver.on('/pause-resume');
    const created = await createRest(user.apiKey, { name: 'pr', every: '1s', title: 'pr', webhookUrl: url });
    const id = created.body.data.id;
    await receiver.waitFor(() => receiver.for('/pause-resume').length >= 2, 5_000);
    await rest(server.url, 'POST', `/api/v1/schedules/${id}/pause`, { credentials: { apiKey: user.apiKey } });
    const cancelled = (await runsOf(id)).filter((r) => r.status === 'CANCELLED');
    expect(cancelled.length).toBeGreaterThan(0);
    await rest(server.url, 'POST', `/api/v1/schedules/${id}/resume`, { credentials: { apiKey: user.apiKey } });
    await new Promise((r) => setTimeout(r, 3_000));
    await rest(server.url, 'DELETE', `/api/v1/schedules/${id}`, { credentials: { apiKey: user.apiKey } });
    const live = (await runsOf(id)).filter((r) => r.status !== 'CANCELLED').map((r) => r.scheduled_for.getTime());
    for (let i = 1; i < live.length; i++) expect(live[i] - live[i - 1]).toBe(1_000);
    // Each cancelled occurrence has a live run now, and none has two.
    for (const run of cancelled) expect(live).toContain(run.scheduled_for.getTime());
    expect(new Set(live).size).toBe(live.length);
  }, 20_000);

  it('an update of the timing moves the next run; of the template, later runs only; paused is not changed by an update', async () => {
    const user = await signUp(server.url);
    const { createSchedule } = await gqlOk(server.url, CreateScheduleDocument, { input: { name: 'u', cron: '0 9 * * *', title: 'before', webhookUrl: 'https://example.com/x' } }, { apiKey: user.apiKey });
    const { updateSchedule } = await gqlOk(server.url, UpdateScheduleDocument, { id: createSchedule.id, input: { cron: '30 17 * * *', timezone: 'America/New_York', title: 'after' } }, { apiKey: user.apiKey });
    expect(updateSchedule).toMatchObject({ cron: '30 17 * * *', timezone: 'America/New_York', title: 'after', name: 'u' });
    expect(updateSchedule.nextRunAt).toBe(compileCron('30 17 * * *', 'America/New_York').nextRun(new Date())!.toISOString());
    // Switching to an interval clears the cron.
    const switched = await rest(server.url, 'PATCH', `/api/v1/schedules/${createSchedule.id}`, { body: { every: '2h' }, credentials: { apiKey: user.apiKey } });
    expect(switched.body).toMatchObject({ message: 'Schedule updated successfully', data: { cron: null, every: '2h' } });
    const both = await rest(server.url, 'PATCH', `/api/v1/schedules/${createSchedule.id}`, { body: { cron: '* * * * *', every: '1m' }, credentials: { apiKey: user.apiKey } });
    expect(both.status).toBe(400);
    const pausedField = await rest(server.url, 'PATCH', `/api/v1/schedules/${createSchedule.id}`, { body: { paused: true }, credentials: { apiKey: user.apiKey } });
    expect(pausedField.status).toBe(400);
    expect(pausedField.body.message).toContain('paused');
    const cleared = await rest(server.url, 'PATCH', `/api/v1/schedules/${createSchedule.id}`, { body: { endAt: '2031-01-01T00:00:00Z' }, credentials: { apiKey: user.apiKey } });
    expect(cleared.body.data.endAt).toBe('2031-01-01T00:00:00.000Z');
    expect((await rest(server.url, 'PATCH', `/api/v1/schedules/${createSchedule.id}`, { body: { endAt: null }, credentials: { apiKey: user.apiKey } })).body.data.endAt).toBeNull();
  });

  it("deletes a schedule (answered as it was), and another project's schedule is not found anywhere", async () => {
    const owner = await signUp(server.url);
    const stranger = await signUp(server.url);
    const created = await createRest(owner.apiKey, { name: 'mine', every: '1h', title: 't', webhookUrl: 'https://example.com/x' });
    const id = created.body.data.id;
    for (const [method, path] of [['GET', ''], ['PATCH', ''], ['POST', '/pause'], ['POST', '/resume'], ['DELETE', '']] as const) {
      const res = await rest(server.url, method, `/api/v1/schedules/${id}${path}`, { credentials: { apiKey: stranger.apiKey }, ...(method === 'PATCH' ? { body: { name: 'x' } } : {}) });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.message).toBe('Schedule not found');
    }
    expect((await rest(server.url, 'GET', `/api/v1/schedules/${id}`, { credentials: { token: stranger.token } })).status).toBe(404);
    expect((await rest(server.url, 'GET', '/api/v1/schedules/not-a-uuid', { credentials: { token: owner.token } })).status).toBe(404);
    expect((await gqlOk(server.url, ScheduleDocument, { id }, { token: stranger.token })).schedule).toBeNull();
    expect((await gql(server.url, PauseScheduleDocument, { id }, { apiKey: stranger.apiKey })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await gqlOk(server.url, SchedulesDocument, { projectId: owner.projectId }, { token: stranger.token })).schedules.schedules).toEqual([]);
    expect((await gqlOk(server.url, ScheduleRunsDocument, { scheduleId: id }, { token: stranger.token })).jobs.jobs).toEqual([]);

    const deleted = await rest(server.url, 'DELETE', `/api/v1/schedules/${id}`, { credentials: { apiKey: owner.apiKey } });
    expect(deleted.body).toMatchObject({ status: true, message: 'Schedule deleted successfully', data: { id, name: 'mine' } });
    expect((await rest(server.url, 'GET', `/api/v1/schedules/${id}`, { credentials: { apiKey: owner.apiKey } })).status).toBe(404);
    expect((await gql(server.url, DeleteScheduleDocument, { id }, { apiKey: owner.apiKey })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});
