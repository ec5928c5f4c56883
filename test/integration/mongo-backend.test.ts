/**
 * Agenda on MongoDB (MONGODB_URL set): the same firing path with Agenda's jobs in MongoDB.
 * No MongoDB server can run on every machine, so without MONGODB_URL this says it skipped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScheduleJobDocument } from '../generated/graphql.js';
import { inMs, signUp, startTestApp, type TestApp } from '../helpers/app.js';
import { gqlOk } from '../helpers/clients.js';
import { Receiver } from '../helpers/receiver.js';

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
