/**
 * kill -9: a process killed mid-delivery, or with hundreds of jobs armed, is replaced by a
 * fresh one on the same database. Nothing is lost, nothing stays FIRING, the interrupted
 * attempt is on record, and jobs that were only armed fire exactly once; with Agenda's
 * window jobs in PostgreSQL and in MongoDB.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp } from '../helpers/app.js';
import { AGENDA_BACKENDS, openAgendaStore, type AgendaStoreUnderTest } from '../helpers/agenda-backends.js';
import { createTestDatabase } from '../helpers/database.js';
import { scheduleJob, until, withDatabase } from '../helpers/jobs.js';
import { startInstance, type Instance } from '../helpers/instances.js';
import { Receiver, respond } from '../helpers/receiver.js';

describe.each(AGENDA_BACKENDS)('Agenda on %s', (backend) => {
  let store: AgendaStoreUnderTest;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let receiver: Receiver;
  const instances: Instance[] = [];
  beforeAll(async () => {
    store = await openAgendaStore(backend);
    database = await createTestDatabase();
    receiver = await new Receiver().start();
  });
  afterAll(async () => {
    await Promise.all(instances.map((i) => i.stop('SIGKILL')));
    await receiver?.stop();
    await database?.dispose();
    await store?.dispose();
  });

  const start = async () => {
    const instance = await startInstance(database.url, store.env);
    instances.push(instance);
    return instance;
  };

  it('kill -9 mid-delivery: after a restart the attempt is recorded as interrupted and the job completes', async () => {
    const first = await start();
    const user = await signUp(first.url);
    // The first request is never answered (the process dies holding it); the retry succeeds.
    const url = receiver.on('/killed', () => undefined, respond(200, 'second time lucky'));
    const id = await scheduleJob(first.url, user.apiKey, { webhookUrl: url, fireAt: Date.now() + 300 });
    await receiver.waitFor(() => receiver.for('/killed').length === 1);
    expect(await first.stop('SIGKILL')).toBeNull();
    await withDatabase(database.url, async (db) => {
      expect((await db.query('select status from jobs where id = $1', [id])).rows[0].status).toBe('FIRING');
    });

    await start();
    await until('the job completed', () => withDatabase(database.url, async (db) =>
      (await db.query('select status from jobs where id = $1', [id])).rows[0].status === 'SUCCESS'), 40_000);
    await withDatabase(database.url, async (db) => {
      const logs = await db.query('select attempt, status, response_code, error from delivery_attempts where job_id = $1 order by attempt', [id]);
      expect(logs.rows).toEqual([
        { attempt: 1, status: 'FAILED', response_code: null, error: 'interrupted: the worker stopped during delivery' },
        { attempt: 2, status: 'SUCCESS', response_code: 200, error: null },
      ]);
      expect((await db.query('select retry_count from jobs where id = $1', [id])).rows[0].retry_count).toBe(1);
    });
    // At least once: the receiver saw the interrupted request and the retry.
    expect(receiver.for('/killed').map((r) => r.json.jobId)).toEqual([id, id]);
  }, 90_000);

  it('kill -9 with 500 jobs armed: a fresh process fires every one, exactly once, none early', async () => {
    const first = await start();
    const user = await signUp(first.url);
    const url = receiver.on('/armed');
    // Ahead enough for 500 creates on a busy machine: every job is created before any is due.
    const from = Date.now() + 12_000;
    const fireAt = new Map<string, number>();
    for (let i = 0; i < 500; i += 50) {
      await Promise.all(Array.from({ length: 50 }, async (_, k) => {
        const at = from + ((i + k) % 50) * 100;
        fireAt.set(await scheduleJob(first.url, user.apiKey, { webhookUrl: url, fireAt: at }), at);
      }));
    }
    // Killed before anything is due, with the soonest jobs already claimed by it.
    await new Promise((r) => setTimeout(r, Math.max(0, from - 1_000 - Date.now())));
    expect(receiver.for('/armed')).toHaveLength(0);
    await first.stop('SIGKILL');

    await start();
    await until('all 500 delivered', () => new Set(receiver.for('/armed').map((r) => r.json.jobId)).size === 500, 60_000);
    await until('all 500 SUCCESS', () => withDatabase(database.url, async (db) =>
      (await db.query(`select count(*)::int as n from jobs where webhook_url = $1 and status = 'SUCCESS'`, [url])).rows[0].n === 500), 20_000);
    const deliveries = receiver.for('/armed');
    expect(deliveries).toHaveLength(500);
    for (const delivery of deliveries) expect(delivery.arrivedAt).toBeGreaterThanOrEqual(fireAt.get(delivery.json.jobId)!);
  }, 120_000);
});
