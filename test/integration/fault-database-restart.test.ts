/**
 * PostgreSQL restarted while jobs are armed and firing: the process stays up, /healthz says
 * 503 while the database is gone, firing resumes within 10 s of its return, and every job
 * ends SUCCESS, delivered; with Agenda's window jobs in that PostgreSQL and in MongoDB.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp } from '../helpers/app.js';
import { AGENDA_BACKENDS, openAgendaStore, type AgendaStoreUnderTest } from '../helpers/agenda-backends.js';
import { JobsDocument } from '../generated/graphql.js';
import { gql, rest } from '../helpers/clients.js';
import { OwnPostgres, startInstance, type Instance } from '../helpers/instances.js';
import { until } from '../helpers/jobs.js';
import { Receiver } from '../helpers/receiver.js';

describe.each(AGENDA_BACKENDS)('Agenda on %s', (backend) => {
  let store: AgendaStoreUnderTest;
  let postgres: OwnPostgres;
  let instance: Instance;
  let receiver: Receiver;
  beforeAll(async () => {
    store = await openAgendaStore(backend);
    postgres = await OwnPostgres.start();
    receiver = await new Receiver().start();
    instance = await startInstance(postgres.url, { ...store.env, LOG_LEVEL: 'info' });
  });
  afterAll(async () => {
    await instance?.stop();
    await receiver?.stop();
    await postgres?.dispose();
    await store?.dispose();
  });

  it('survives a PostgreSQL restart mid-run without losing or sticking a job', async () => {
    const user = await signUp(instance.url);
    const url = receiver.on('/through-restart');
    const start = Date.now() + 1_000;
    const jobs: Array<{ id: string; fireAt: number }> = [];
    // 60 jobs due every 200 ms over 12 s: before, during and after the outage.
    for (let i = 0; i < 60; i++) {
      const fireAt = start + i * 200;
      const res = await rest(instance.url, 'POST', '/api/v1/jobs', {
        body: { title: `r${i}`, webhookUrl: url, fireAt: new Date(fireAt).toISOString() }, credentials: { apiKey: user.apiKey },
      });
      expect(res.status).toBe(201);
      jobs.push({ id: res.body.data.id, fireAt });
    }
    await until('first deliveries', async () => receiver.for('/through-restart').length >= 5, 10_000);

    await postgres.down();
    const downAt = Date.now();
    await until('/healthz 503', async () => (await rest(instance.url, 'GET', '/healthz')).status === 503, 10_000);
    // Requests that need the database are told to come back, not that something broke.
    const refused = await rest(instance.url, 'POST', '/api/v1/jobs', {
      body: { title: 'later', webhookUrl: url, fireAt: new Date(Date.now() + 60_000).toISOString() }, credentials: { apiKey: user.apiKey },
    });
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('5');
    expect(refused.body).toEqual({ status: false, message: 'Service unavailable: the database cannot be reached; try again shortly', data: null });
    const viaGraphql = await gql(instance.url, JobsDocument, {}, { token: user.token });
    expect(viaGraphql.errors?.[0].extensions?.code).toBe('SERVICE_UNAVAILABLE');
    await new Promise((r) => setTimeout(r, Math.max(0, downAt + 4_000 - Date.now())));
    expect(instance.service.child.exitCode).toBeNull();

    await postgres.up();
    const backAt = Date.now();
    await until('/healthz 200', async () => (await rest(instance.url, 'GET', '/healthz')).status === 200, 15_000);

    await until('every job delivered', async () => new Set(receiver.for('/through-restart').map((r) => r.json.jobId)).size === jobs.length, 40_000);
    const firstArrival = new Map<string, number>();
    for (const r of receiver.for('/through-restart')) if (!firstArrival.has(r.json.jobId)) firstArrival.set(r.json.jobId, r.arrivedAt);
    for (const job of jobs) {
      expect(firstArrival.get(job.id)).toBeGreaterThanOrEqual(job.fireAt);
      // Due before the database came back → delivered within 10 s of its return.
      expect(firstArrival.get(job.id)).toBeLessThanOrEqual(Math.max(job.fireAt, backAt) + 10_000);
    }
    await until('every job SUCCESS', async () => {
      const list = await rest(instance.url, 'GET', '/api/v1/jobs?limit=100', { credentials: { token: user.token } });
      return list.body.data.jobs.filter((j: { status: string }) => j.status === 'SUCCESS').length === jobs.length;
    }, 20_000);
    expect(instance.service.child.exitCode).toBeNull();
    // Outcomes that could not be written during the outage were written after it, not redone.
    expect(receiver.for('/through-restart')).toHaveLength(jobs.length);
    const output = instance.service.output();
    if (backend === 'PostgreSQL') {
      // Agenda's notification channel (LISTEN) retried all along, and said so once each way.
      expect(output.match(/agenda notifications interrupted/g)).toHaveLength(1);
      expect(output).toMatch(/agenda notifications restored/);
    } else {
      // Agenda's store was never away.
      expect(output).not.toMatch(/agenda notifications interrupted/);
    }
  }, 120_000);
});
