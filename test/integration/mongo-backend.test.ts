/**
 * Agenda on MongoDB (MONGODB_URL set): the same firing path with Agenda's jobs in MongoDB,
 * and a MongoDB outage (through a proxy the test cuts) that loses nothing. No MongoDB
 * server can run on every machine, so without MONGODB_URL this says it skipped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScheduleJobDocument } from '../generated/graphql.js';
import { inMs, signUp, startTestApp, type TestApp } from '../helpers/app.js';
import { gqlOk } from '../helpers/clients.js';
import { scheduleJob, until } from '../helpers/jobs.js';
import { Receiver } from '../helpers/receiver.js';
import { TcpProxy, throughProxy } from '../helpers/tcp-proxy.js';

const mongodbUrl = process.env.MONGODB_URL;
if (!mongodbUrl) console.warn('SKIPPED: MongoDB backend tests (set MONGODB_URL to run them)');

describe.skipIf(!mongodbUrl)('Agenda on MongoDB', () => {
  let server: TestApp;
  let receiver: Receiver;
  beforeAll(async () => {
    server = await startTestApp({ MONGODB_URL: mongodbUrl! });
    receiver = await new Receiver().start();
  });
  afterAll(async () => {
    await server?.stop();
    await receiver?.stop();
  });

  it('fires near and far jobs through window jobs stored in MongoDB', async () => {
    const user = await signUp(server.url);
    const url = receiver.on('/mongo');
    for (const ms of [500, 4_500]) {
      await gqlOk(server.url, ScheduleJobDocument, { input: { title: `in ${ms}`, webhookUrl: url, fireAt: inMs(ms) } }, { apiKey: user.apiKey });
    }
    await receiver.waitFor(() => receiver.for('/mongo').length === 2, 20_000);
    expect(receiver.for('/mongo').map((r) => r.json.title)).toEqual(['in 500', 'in 4500']);
  });
});

describe.skipIf(!mongodbUrl)('a MongoDB outage', () => {
  let proxy: TcpProxy;
  let server: TestApp;
  let receiver: Receiver;
  beforeAll(async () => {
    const target = new URL(mongodbUrl!);
    proxy = await new TcpProxy(target.hostname, Number(target.port || 27017)).start();
    // directConnection: the driver must not discover the server's own address and go around the proxy.
    const viaProxy = new URL(throughProxy(mongodbUrl!, proxy));
    viaProxy.searchParams.set('directConnection', 'true');
    server = await startTestApp({ MONGODB_URL: viaProxy.toString() });
    receiver = await new Receiver().start();
  });
  afterAll(async () => {
    await server?.stop();
    await receiver?.stop();
    await proxy?.stop();
  });

  it('keeps the process up and every job firing while MongoDB is unreachable, and after', async () => {
    const user = await signUp(server.url);
    const url = receiver.on('/mongo-outage');
    const ids = await Promise.all([1_000, 4_000, 6_000, 8_000, 12_000].map((ms) => scheduleJob(server.url, user.apiKey, { webhookUrl: url, fireAt: Date.now() + ms })));
    await proxy.cut();
    // Scheduled while MongoDB is gone: still accepted (the reconciler arms it from PostgreSQL).
    ids.push(await scheduleJob(server.url, user.apiKey, { webhookUrl: url, fireAt: Date.now() + 7_000 }));
    await new Promise((r) => setTimeout(r, 5_000));
    await proxy.restore();
    await until('every job delivered', () => new Set(receiver.for('/mongo-outage').map((r) => r.json.jobId)).size === ids.length, 40_000);
    expect(new Set(receiver.for('/mongo-outage').map((r) => r.json.jobId))).toEqual(new Set(ids));
  }, 90_000);
});
