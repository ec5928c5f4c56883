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

/** Sends one subscribe over a raw socket; resolves with every message once an error or `next` arrives (or 5 s pass). */
async function subscribeRaw(apiKey: string, query: string) {
  const socket = new WebSocket(server.url.replace('http', 'ws') + '/graphql', 'graphql-transport-ws');
  const messages: Array<{ type: string; payload?: unknown }> = [];
  socket.on('message', (data) => messages.push(JSON.parse(String(data))));
  await new Promise((resolve) => socket.once('open', resolve));
  socket.send(JSON.stringify({ type: 'connection_init', payload: { 'x-api-key': apiKey } }));
  while (!messages.some((m) => m.type === 'connection_ack')) await new Promise((r) => setTimeout(r, 20));
  socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query } }));
  const deadline = Date.now() + 5_000;
  while (!messages.some((m) => m.type === 'error' || m.type === 'next') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  socket.close();
  return { messages, error: messages.find((m) => m.type === 'error')?.payload as Array<{ message: string }> | undefined };
}

it('validates subscription documents like any operation (unknown field → error, no events)', async () => {
  const user = await signUp(server.url);
  const { messages, error } = await subscribeRaw(user.apiKey, 'subscription { jobStatusChanged { jobId secretField } }');
  expect(error?.[0].message).toMatch(/Cannot query field "secretField"/);
  expect(messages.filter((m) => m.type === 'next')).toEqual([]);
});

it('applies the same depth and alias limits as HTTP', async () => {
  const user = await signUp(server.url);
  const deep = 'subscription { jobStatusChanged { job { project { apiKeys { id } } logs { id } } } }';
  expect((await subscribeRaw(user.apiKey, deep)).error).toBeUndefined();
  const tooDeep = `subscription { jobStatusChanged { job { project { __type(name: "Job") { fields { type { ofType { ofType { ofType { name } } } } } } } } } }`;
  expect(JSON.stringify((await subscribeRaw(user.apiKey, tooDeep)).error)).toMatch(/depth/i);
  const aliases = `subscription { ${Array.from({ length: 20 }, (_, i) => `a${i}: jobStatusChanged { jobId }`).join(' ')} }`;
  expect(JSON.stringify((await subscribeRaw(user.apiKey, aliases)).error)).toMatch(/alias/i);
});
