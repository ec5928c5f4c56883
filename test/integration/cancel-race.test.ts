/**
 * Cancel and fire racing for the same jobs at the same instant: the database decides, so
 * every job is either CANCELLED and never delivered, or delivered and not cancelled; with
 * Agenda's window jobs in PostgreSQL and in MongoDB.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobsDocument, ScheduleJobDocument } from '../generated/graphql.js';
import { signUp, startTestApp, type TestApp } from '../helpers/app.js';
import { AGENDA_BACKENDS, openAgendaStore, type AgendaStoreUnderTest } from '../helpers/agenda-backends.js';
import { gqlOk, rest } from '../helpers/clients.js';
import { Receiver } from '../helpers/receiver.js';

describe.each(AGENDA_BACKENDS)('Agenda on %s', (backend) => {
  let store: AgendaStoreUnderTest;
  let server: TestApp;
  let receiver: Receiver;
  beforeAll(async () => {
    store = await openAgendaStore(backend);
    server = await startTestApp(store.env);
    receiver = await new Receiver().start();
  });
  afterAll(async () => {
    await server?.stop();
    await receiver?.stop();
    await store?.dispose();
  });

  it('cancel vs fire at the same instant: exactly one wins for each job', async () => {
    const user = await signUp(server.url);
    const url = receiver.on('/race');
    // Beyond the claim lead: the jobs are claimed through their window's Agenda job.
    const fireAt = Date.now() + 3_000;
    const ids: string[] = [];
    for (let i = 0; i < 60; i++) {
      const { scheduleJob } = await gqlOk(server.url, ScheduleJobDocument, {
        input: { title: `race ${i}`, webhookUrl: url, fireAt: new Date(fireAt).toISOString() },
      }, { apiKey: user.apiKey });
      ids.push(scheduleJob.id);
    }
    await new Promise((r) => setTimeout(r, fireAt - Date.now() - 3));
    const cancels = await Promise.all(ids.map((id) => rest(server.url, 'DELETE', `/api/v1/jobs/${id}`, { credentials: { apiKey: user.apiKey } })));
    await new Promise((r) => setTimeout(r, 1_500));

    const { jobs } = await gqlOk(server.url, JobsDocument, { limit: 100 }, { token: user.token });
    const status = new Map(jobs.jobs.map((j) => [j.id, j.status]));
    const delivered = new Set(receiver.for('/race').map((r) => r.json.jobId));
    ids.forEach((id, i) => {
      if (cancels[i].status === 200) {
        expect(status.get(id)).toBe('CANCELLED');
        expect(delivered.has(id)).toBe(false);
      } else {
        expect(cancels[i].body.message).toBe('Only scheduled jobs can be cancelled');
        expect(status.get(id)).toBe('SUCCESS');
        expect(delivered.has(id)).toBe(true);
      }
    });
    expect(receiver.for('/race')).toHaveLength(delivered.size);
  });
});
