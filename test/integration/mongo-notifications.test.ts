/**
 * Agenda's notification channel on MongoDB: change streams where the server has them (a
 * replica set), and where it has not (the emulator, a standalone mongod) one line at start
 * and polling, never a channel reconnecting for ever.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { signUp, startTestApp, type TestApp } from '../helpers/app.js';
import { scheduleJob } from '../helpers/jobs.js';
import { createTestMongoDatabase, testMongo, withMongo } from '../helpers/mongodb.js';
import { Receiver } from '../helpers/receiver.js';

let mongo: Awaited<ReturnType<typeof createTestMongoDatabase>>;
let server: TestApp;
let receiver: Receiver;
const lines: Array<{ msg: string; reason?: string }> = [];
beforeAll(async () => {
  mongo = await createTestMongoDatabase();
  receiver = await new Receiver().start();
  server = await startTestApp({ MONGODB_URL: mongo.url }, { logTo: { write: (line: string) => void lines.push(JSON.parse(line)) } });
});
afterAll(async () => {
  await server?.stop();
  await receiver?.stop();
  await mongo?.dispose();
});

it('says once at start which channel Agenda uses, and never reconnects one that cannot work', async () => {
  const { emulator } = await testMongo();
  // A replica set names itself in `hello`; the emulator and a standalone mongod do not.
  const replicaSet = !emulator && Boolean(await withMongo(mongo.url, async (client) => (await client.db().command({ hello: 1 })).setName));
  const user = await signUp(server.url);
  const url = receiver.on('/polled');
  // Window jobs through Agenda while the process runs for a few seconds.
  const ids = await Promise.all([2_500, 3_500, 4_500].map((ms) => scheduleJob(server.url, user.apiKey, { webhookUrl: url, fireAt: Date.now() + ms })));
  await receiver.waitFor(() => receiver.for('/polled').length === ids.length, 20_000);

  const channelLines = lines.filter((line) => line.msg.startsWith('agenda notifications'));
  if (replicaSet) {
    expect(channelLines.map((line) => line.msg)).toEqual(['agenda notifications: MongoDB change streams']);
  } else {
    expect(channelLines).toHaveLength(1);
    expect(channelLines[0].msg).toMatch(/^agenda notifications: MongoDB cannot do change streams here; Agenda polls every 1000 ms$/);
    expect(channelLines[0].reason).toBeTruthy();
  }
  expect(lines.filter((line) => /agenda error|reconnect/.test(line.msg))).toEqual([]);
  expect(new Set(receiver.for('/polled').map((r) => r.json.jobId))).toEqual(new Set(ids));
});
