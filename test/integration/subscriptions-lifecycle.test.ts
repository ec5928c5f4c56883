/** Connection-level behaviour: logout ends a session's subscriptions, oversized frames are refused, shutdown closes with 1001. */
import WebSocket from 'ws';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { JobStatusChangedDocument, LogoutDocument } from '../generated/graphql.js';
import { signUp, startTestApp, type TestApp } from '../helpers/app.js';
import { gqlOk } from '../helpers/clients.js';
import { subscribe } from '../helpers/subscriptions.js';

let server: TestApp;
beforeAll(async () => {
  server = await startTestApp();
});
afterAll(async () => server?.stop());

it('logging out ends the subscriptions of that session', async () => {
  const user = await signUp(server.url);
  const sub = subscribe(server.url, JobStatusChangedDocument, {}, { authorization: `Bearer ${user.token}` });
  await sub.connected;
  await gqlOk(server.url, LogoutDocument, {}, { token: user.token });
  expect(await sub.closed).toBe(4403);
});

it('refuses a frame over 1 MiB by closing the socket (1009)', async () => {
  const socket = new WebSocket(server.url.replace('http', 'ws') + '/graphql', 'graphql-transport-ws');
  await new Promise((resolve) => socket.once('open', resolve));
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  socket.send(JSON.stringify({ type: 'connection_init', payload: { pad: 'x'.repeat(1_100_000) } }));
  expect(await closed).toBe(1009);
});

it('shutting down closes live subscriptions with 1001 (going away), not a reset', async () => {
  const own = await startTestApp();
  const user = await signUp(own.url);
  const sub = subscribe(own.url, JobStatusChangedDocument, {}, { 'x-api-key': user.apiKey });
  await sub.connected;
  await own.stop();
  expect(await sub.closed).toBe(1001);
});
