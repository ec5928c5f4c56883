/**
 * A MongoDB outage with Agenda's window jobs there (through a proxy the test cuts): the
 * process stays up, /healthz reports MongoDB down but stays 200 (firing goes on without it),
 * and every job fires, during the outage and after it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { signUp, startTestApp, type TestApp } from '../helpers/app.js';
import { rest } from '../helpers/clients.js';
import { scheduleJob, until } from '../helpers/jobs.js';
import { createTestMongoDatabase } from '../helpers/mongodb.js';
import { Receiver } from '../helpers/receiver.js';
import { TcpProxy, throughProxy } from '../helpers/tcp-proxy.js';

let mongo: Awaited<ReturnType<typeof createTestMongoDatabase>>;
let proxy: TcpProxy;
let server: TestApp;
let receiver: Receiver;
beforeAll(async () => {
  mongo = await createTestMongoDatabase();
  const target = new URL(mongo.url);
  proxy = await new TcpProxy(target.hostname, Number(target.port || 27017)).start();
  // directConnection: the driver must not discover the server's own address and go around the proxy.
  const viaProxy = new URL(throughProxy(mongo.url, proxy));
  viaProxy.searchParams.set('directConnection', 'true');
  server = await startTestApp({ MONGODB_URL: viaProxy.toString() });
  receiver = await new Receiver().start();
});
afterAll(async () => {
  await server?.stop();
  await receiver?.stop();
  await proxy?.stop();
  await mongo?.dispose();
});

const health = async () => (await rest(server.url, 'GET', '/healthz')).body;

it('keeps the process up and every job firing while MongoDB is unreachable, and after', async () => {
  expect(await health()).toEqual({ status: true, message: 'ok', data: { database: 'ok', mongodb: 'ok', role: 'all' } });
  const user = await signUp(server.url);
  const url = receiver.on('/mongo-outage');
  const ids = await Promise.all([1_000, 4_000, 6_000, 8_000, 12_000].map((ms) => scheduleJob(server.url, user.apiKey, { webhookUrl: url, fireAt: Date.now() + ms })));
  await proxy.cut();
  await until('/healthz reports MongoDB down', async () => (await health()).data.mongodb === 'down', 10_000);
  expect(await health()).toEqual({ status: true, message: 'ok', data: { database: 'ok', mongodb: 'down', role: 'all' } });
  // Scheduled while MongoDB is gone: still accepted (the reconciler arms it from PostgreSQL).
  ids.push(await scheduleJob(server.url, user.apiKey, { webhookUrl: url, fireAt: Date.now() + 7_000 }));
  await new Promise((r) => setTimeout(r, 5_000));
  await proxy.restore();
  await until('every job delivered', () => new Set(receiver.for('/mongo-outage').map((r) => r.json.jobId)).size === ids.length, 40_000);
  expect(new Set(receiver.for('/mongo-outage').map((r) => r.json.jobId))).toEqual(new Set(ids));
  await until('/healthz reports MongoDB back', async () => (await health()).data.mongodb === 'ok', 15_000);
}, 90_000);
