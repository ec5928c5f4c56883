/**
 * Abuse limits answer as documented: WebSocket connections per credential (1013) and per
 * address (429 at the upgrade), operations per connection (RATE_LIMITED), requests in progress
 * per address (429), clients trickling headers (cut off at HTTP_HEADERS_TIMEOUT), and a
 * WebSocket client that never reads (dropped past WS_MAX_BUFFERED).
 */
import { createConnection, type Socket } from 'node:net';
import { parse } from 'graphql';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { signUp, startTestApp, type TestApp } from '../helpers/app.js';
import { rest } from '../helpers/clients.js';
import { subscribe, type Subscription } from '../helpers/subscriptions.js';

let server: TestApp;
beforeAll(async () => {
  server = await startTestApp({
    WS_MAX_CONNECTIONS_PER_IP: '4',
    WS_MAX_CONNECTIONS_PER_CREDENTIAL: '2',
    WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: '2',
    WS_MAX_BUFFERED: '64KiB',
    HTTP_MAX_CONCURRENT_PER_IP: '3',
    HTTP_HEADERS_TIMEOUT: '500ms',
    HTTP_REQUEST_TIMEOUT: '1s',
  });
});
afterAll(async () => server?.stop());

const wsUrl = () => server.url.replace(/^http/, 'ws') + '/graphql';
const STATUS = parse('subscription { jobStatusChanged { jobId } }');
const until = async (check: () => boolean, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};
/** A raw TCP connection to the server (for requests sent by hand, slowly or never finished). */
function raw(): Promise<Socket> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port: Number(port) }, () => resolve(socket));
    socket.once('error', reject);
    // Flowing, so that the server's end of the connection is seen (and 'close' comes).
    socket.resume();
  });
}
const closedWithin = (socket: Socket, ms: number) =>
  new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });

describe('WebSocket limits', () => {
  it('closes a credential’s connection past WS_MAX_CONNECTIONS_PER_CREDENTIAL with 1013, and refuses an address past WS_MAX_CONNECTIONS_PER_IP with 429', async () => {
    const user = await signUp(server.url);
    const open: Subscription<unknown>[] = [];
    try {
      for (let i = 0; i < 2; i++) open.push(subscribe(server.url, STATUS, {}, { 'x-api-key': user.apiKey }));
      await Promise.all(open.map((s) => s.connected));
      const third = subscribe(server.url, STATUS, {}, { 'x-api-key': user.apiKey });
      expect(await third.closed).toBe(1013);
      // Another credential of the same user is counted on its own.
      const bySession = subscribe(server.url, STATUS, {}, { authorization: `Bearer ${user.token}` });
      open.push(bySession);
      await bySession.connected;
      const other = await signUp(server.url);
      const fourth = subscribe(server.url, STATUS, {}, { 'x-api-key': other.apiKey });
      open.push(fourth);
      await fourth.connected;
      await until(() => server.app.subscriptions!.connectionCount === 4);
      // A fifth socket from this address is refused at the upgrade.
      const refused = await new Promise<{ status: number; body: string }>((resolve) => {
        const socket = new WebSocket(wsUrl(), 'graphql-transport-ws');
        socket.on('unexpected-response', (_request, response) => {
          let body = '';
          response.on('data', (chunk) => (body += chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
        });
      });
      expect(refused.status).toBe(429);
    } finally {
      await Promise.all(open.map((s) => s.dispose()));
    }
    await until(() => server.app.subscriptions!.connectionCount === 0);
    // Closed connections free their places.
    const again = subscribe(server.url, STATUS, {}, { 'x-api-key': user.apiKey });
    await again.connected;
    await again.dispose();
  });

  it('refuses an operation past WS_MAX_SUBSCRIPTIONS_PER_CONNECTION with RATE_LIMITED, keeping the connection', async () => {
    const user = await signUp(server.url);
    const client = createClient({ url: wsUrl(), webSocketImpl: WebSocket, connectionParams: { 'x-api-key': user.apiKey }, retryAttempts: 0 });
    const outcomes: unknown[][] = [[], [], []];
    const sink = (i: number) => ({ next: () => undefined, error: (error: unknown) => outcomes[i].push(error), complete: () => undefined });
    const stops = [0, 1, 2].map((i) => client.subscribe({ query: 'subscription { jobStatusChanged { jobId } }' }, sink(i)));
    await until(() => outcomes[2].length > 0);
    expect(outcomes[2][0]).toEqual([expect.objectContaining({ message: 'Too many operations on this connection (at most 2 at once)', extensions: { code: 'RATE_LIMITED' } })]);
    expect(outcomes[0]).toEqual([]);
    expect(outcomes[1]).toEqual([]);
    // The connection stays and serves queries once an operation ends.
    stops[0]();
    const me = await new Promise((resolve, reject) => client.subscribe({ query: '{ projects { id } }' }, { next: resolve, error: reject, complete: () => undefined }));
    expect(me).toEqual({ data: { projects: [{ id: user.projectId }] } });
    stops.forEach((stop) => stop());
    await client.dispose();
  });

  it('drops a client that never reads once WS_MAX_BUFFERED is queued for it', async () => {
    const user = await signUp(server.url);
    const socket = new WebSocket(wsUrl(), 'graphql-transport-ws');
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { 'x-api-key': user.apiKey } }));
    await new Promise((resolve) => socket.once('message', resolve));
    socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { jobStatusChanged { job { payload } } }' } }));
    await until(() => server.app.subscriptions!.connectionCount === 1);
    // The client stops reading: what the server sends piles up in the kernel, then in its queue.
    (socket as unknown as { _socket: Socket })._socket.pause();
    const payload = { blob: 'x'.repeat(200_000) };
    const body = { jobs: Array.from({ length: 4 }, () => ({ title: 'big', webhookUrl: 'http://127.0.0.1:9/', delay: '1h', payload })) };
    for (let round = 0; round < 30 && server.app.subscriptions!.connectionCount > 0; round++) {
      const created = await rest(server.url, 'POST', '/api/v1/jobs/batch', { body, credentials: { apiKey: user.apiKey } });
      expect(created.status).toBe(201);
      await rest(server.url, 'POST', '/api/v1/jobs/cancel', { body: { ids: created.body.data.jobs.map((j: { id: string }) => j.id) }, credentials: { apiKey: user.apiKey } });
    }
    await until(() => server.app.subscriptions!.connectionCount === 0);
    socket.terminate();
  }, 60_000);
});

describe('HTTP limits', () => {
  it('answers 429 past HTTP_MAX_CONCURRENT_PER_IP requests in progress, and frees the places when they end', async () => {
    const user = await signUp(server.url);
    // Three requests whose bodies never come: each is in progress until HTTP_REQUEST_TIMEOUT.
    const hanging = await Promise.all([0, 1, 2].map(async () => {
      const socket = await raw();
      socket.write(`POST /api/v1/jobs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\nx-api-key: ${user.apiKey}\r\n\r\n{`);
      return socket;
    }));
    await new Promise((r) => setTimeout(r, 100));
    const refused = await rest(server.url, 'GET', '/api/v1/jobs', { credentials: { token: user.token } });
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.body).toEqual({ status: false, message: 'Too many concurrent requests from this address (at most 3 at once)', data: null });
    expect((await rest(server.url, 'GET', '/healthz')).status).toBe(200);
    // Cut off at HTTP_REQUEST_TIMEOUT (1 s; Node checks every 125 ms here), they free their places.
    expect(await Promise.all(hanging.map((socket) => closedWithin(socket, 5_000)))).toEqual([true, true, true]);
    expect((await rest(server.url, 'GET', '/api/v1/jobs', { credentials: { token: user.token } })).status).toBe(200);
  });

  it('cuts off a client that trickles its headers (slowloris) at HTTP_HEADERS_TIMEOUT', async () => {
    const socket = await raw();
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk));
    socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
    const trickle = setInterval(() => socket.writable && socket.write('X-Slow: a\r\n'), 100);
    try {
      expect(await closedWithin(socket, 5_000)).toBe(true);
    } finally {
      clearInterval(trickle);
    }
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });
});
