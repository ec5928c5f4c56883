/**
 * Repairs between the two stores: a job row Agenda never heard of is armed and fires, and
 * an attempt left FIRING by a dead worker is logged as interrupted and retried; with
 * Agenda's window jobs in PostgreSQL and in MongoDB.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobDocument } from '../generated/graphql.js';
import { signUp, startTestApp, type TestApp } from '../helpers/app.js';
import { AGENDA_BACKENDS, openAgendaStore, type AgendaStoreUnderTest } from '../helpers/agenda-backends.js';
import { gqlOk } from '../helpers/clients.js';
import { scheduleJob, until } from '../helpers/jobs.js';
import { Receiver } from '../helpers/receiver.js';

describe.each(AGENDA_BACKENDS)('Agenda on %s', (backend) => {
  let store: AgendaStoreUnderTest;
  let server: TestApp;
  let receiver: Receiver;
  let db: pg.Client;
  beforeAll(async () => {
    store = await openAgendaStore(backend);
    server = await startTestApp(store.env);
    receiver = await new Receiver().start();
    db = new pg.Client({ connectionString: server.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await server?.stop();
    await receiver?.stop();
    await store?.dispose();
  });
  const windowJobs = (dueAt: number) => store.windowJobs(server.databaseUrl, Math.floor(dueAt / 1000) * 1000);

  async function insertJob(projectId: string, url: string, fields: Record<string, unknown>) {
    const id = randomUUID();
    const row = { status: 'SCHEDULED', attempt: 0, lease_owner: null, lease_expires_at: null, next_attempt_at: new Date(), ...fields };
    await db.query(
      `insert into jobs (id, project_id, title, webhook_url, payload, fire_at, status, attempt, next_attempt_at, lease_owner, lease_expires_at, created_at, updated_at)
       values ($1, $2, 'orphan', $3, '{"k":1}', $4, $5, $6, $4, $7, $8, now(), now())`,
      [id, projectId, url, row.next_attempt_at, row.status, row.attempt, row.lease_owner, row.lease_expires_at],
    );
    return id;
  }

  async function waitForJob(token: string, id: string, done: (job: any) => boolean) {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const { job } = await gqlOk(server.url, JobDocument, { id }, { token });
      if (done(job)) return job!;
      if (Date.now() > deadline) throw new Error(`job still ${job?.status}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('arms a SCHEDULED row that has no Agenda job, through a re-created window job', async () => {
    const user = await signUp(server.url);
    const dueAt = new Date(Date.now() + 5_000);
    const id = await insertJob(user.projectId, receiver.on('/orphan'), { next_attempt_at: dueAt });
    expect(await windowJobs(dueAt.getTime())).toBe(0);
    const job = await waitForJob(user.token, id, (j) => j?.status === 'SUCCESS');
    expect(job.logs).toHaveLength(1);
    const [request] = receiver.for('/orphan');
    expect(request.json.jobId).toBe(id);
    expect(request.arrivedAt).toBeGreaterThanOrEqual(dueAt.getTime());
  });

  it('settles a FIRING row left by a dead worker: interrupted attempt logged, retried, terminal', async () => {
    const user = await signUp(server.url);
    const id = await insertJob(user.projectId, receiver.on('/abandoned'), {
      status: 'FIRING', attempt: 1, lease_owner: randomUUID(), lease_expires_at: new Date(Date.now() - 1_000), next_attempt_at: new Date(Date.now() - 5_000),
    });
    const job = await waitForJob(user.token, id, (j) => j?.status === 'SUCCESS');
    expect(job.retryCount).toBe(1);
    expect(job.logs.map((l: any) => [l.attempt, l.status, l.responseCode])).toEqual([[2, 'SUCCESS', 200], [1, 'FAILED', null]]);
    expect(job.logs[1].error).toMatch(/interrupted/);
  });

  it('plans ahead: a job more than a minute away has no Agenda window job yet; one due sooner gets it from a pass and fires on time', async () => {
    const user = await signUp(server.url);
    const farAt = Date.now() + 90_000;
    await scheduleJob(server.url, user.apiKey, { webhookUrl: receiver.on('/far'), fireAt: farAt });
    const soonAt = Date.now() + 16_000;
    const soon = await scheduleJob(server.url, user.apiKey, { webhookUrl: receiver.on('/soon'), fireAt: soonAt });
    await until('the pass wrote the window job of the job due in 16 s', async () => (await windowJobs(soonAt)) === 1, 5_000);
    // Several passes later, still nothing for the job 90 s away: nothing is planned beyond the minute.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await windowJobs(farAt)).toBe(0);
    await receiver.waitFor(() => receiver.for('/soon').length === 1, 25_000);
    expect(receiver.for('/soon')[0].json.jobId).toBe(soon);
    expect(receiver.for('/soon')[0].arrivedAt).toBeGreaterThanOrEqual(soonAt);
  }, 40_000);
});
