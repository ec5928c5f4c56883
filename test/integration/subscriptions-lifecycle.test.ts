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

it('validates subscription documents like any operation (unknown field → error, no events)', async () => {
  const user = await signUp(server.url);
  const socket = new WebSocket(server.url.replace('http', 'ws') + '/graphql', 'graphql-transport-ws');
  const messages: Array<{ type: string; payload?: unknown }> = [];
  socket.on('message', (data) => messages.push(JSON.parse(String(data))));
  await new Promise((resolve) => socket.once('open', resolve));
  socket.send(JSON.stringify({ type: 'connection_init', payload: { 'x-api-key': user.apiKey } }));
  while (!messages.some((m) => m.type === 'connection_ack')) await new Promise((r) => setTimeout(r, 20));
  socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { jobStatusChanged { jobId secretField } }' } }));
  const deadline = Date.now() + 5_000;
  while (!messages.some((m) => m.type === 'error') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const error = messages.find((m) => m.type === 'error');
  expect((error?.payload as Array<{ message: string }>)[0].message).toMatch(/Cannot query field "secretField"/);
  expect(messages.filter((m) => m.type === 'next')).toEqual([]);
  socket.close();
});
