/**
 * Two deployments (two PostgreSQL databases) sharing one MongoDB database keep their Agenda
 * window jobs apart: each in its deployment's collection, and one deployment never runs,
 * locks or removes the other's, even for the same window while the other is down.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CLAIM_WINDOW_JOB, windowStart } from '../../src/scheduler/agenda-driver.js';
import { signUp } from '../helpers/app.js';
import { agendaCollectionOf } from '../helpers/agenda-backends.js';
import { createTestDatabase } from '../helpers/database.js';
import { scheduleJob, until, withDatabase } from '../helpers/jobs.js';
import { startInstance, type Instance } from '../helpers/instances.js';
import { createTestMongoDatabase, withMongo } from '../helpers/mongodb.js';
import { Receiver } from '../helpers/receiver.js';

let mongo: Awaited<ReturnType<typeof createTestMongoDatabase>>;
const databases: Array<Awaited<ReturnType<typeof createTestDatabase>>> = [];
const instances: Instance[] = [];
let receiver: Receiver;
beforeAll(async () => {
  mongo = await createTestMongoDatabase();
  databases.push(await createTestDatabase(), await createTestDatabase());
  receiver = await new Receiver().start();
});
afterAll(async () => {
  await Promise.all(instances.map((i) => i.stop('SIGKILL')));
  await receiver?.stop();
  await Promise.all(databases.map((d) => d.dispose()));
  await mongo?.dispose();
});

const start = async (database: { url: string }) => {
  const instance = await startInstance(database.url, { MONGODB_URL: mongo.url });
  instances.push(instance);
  return instance;
};
const windowJobsIn = (collection: string, window: number) =>
  withMongo(mongo.url, (client) => client.db().collection(collection).find({ name: CLAIM_WINDOW_JOB, 'data.window': window }).toArray());

it('deployments on one MongoDB database never take each other\'s window jobs', async () => {
  const [a, b] = await Promise.all(databases.map(start));
  const [collectionA, collectionB] = await Promise.all(databases.map((d) => agendaCollectionOf(d.url)));
  expect(collectionA).not.toBe(collectionB);

  // A job in each deployment, due at the same instant: the same window in both.
  const fireAt = Date.now() + 6_000;
  const [userA, userB] = await Promise.all([signUp(a.url), signUp(b.url)]);
  const jobA = await scheduleJob(a.url, userA.apiKey, { webhookUrl: receiver.on('/a'), fireAt });
  const jobB = await scheduleJob(b.url, userB.apiKey, { webhookUrl: receiver.on('/b'), fireAt });
  const window = windowStart(fireAt);
  expect(await windowJobsIn(collectionA, window)).toHaveLength(1);
  expect(await windowJobsIn(collectionB, window)).toHaveLength(1);

  // B goes down before its window is due; A fires its own job and leaves B's window job alone.
  await b.stop('SIGKILL');
  await receiver.waitFor(() => receiver.for('/a').length === 1, 20_000);
  await new Promise((r) => setTimeout(r, Math.max(0, fireAt + 2_000 - Date.now())));
  expect(receiver.for('/a').map((r) => r.json.jobId)).toEqual([jobA]);
  expect(receiver.for('/b')).toHaveLength(0);
  const [left] = await windowJobsIn(collectionB, window);
  expect(left).toMatchObject({ data: { window }, lockedAt: null });

  // Back up, B fires its job once, late but not lost.
  await start(databases[1]);
  await receiver.waitFor(() => receiver.for('/b').length === 1, 30_000);
  await until('B\'s job SUCCESS', () => withDatabase(databases[1].url, async (db) => (await db.query('select status from jobs where id = $1', [jobB])).rows[0].status === 'SUCCESS'), 10_000);
  expect(receiver.for('/b').map((r) => r.json.jobId)).toEqual([jobB]);
  expect(receiver.for('/a')).toHaveLength(1);
}, 90_000);
