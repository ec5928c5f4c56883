import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WebhookClient } from '../../src/delivery/webhook-client.js';

type Handler = (req: IncomingMessage, body: Buffer, res: ServerResponse) => void;

describe('WebhookClient', () => {
  const routes = new Map<string, Handler>();
  const received: Array<{ path: string; headers: IncomingMessage['headers']; body: Buffer }> = [];
  let server: Server;
  let base: string;
  let client: WebhookClient;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        received.push({ path: req.url ?? '/', headers: req.headers, body });
        const handler = routes.get(req.url ?? '/') ?? ((_q, _b, r) => r.writeHead(404).end());
        handler(req, body, res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    client = new WebhookClient();
  });

  beforeEach(() => {
    routes.clear();
    received.length = 0;
  });

  afterAll(async () => {
    await client.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const post = (path: string, timeoutMs = 5_000, headers?: Record<string, string>) =>
    client.deliver({ url: base + path, body: '{"hello":"world"}', timeoutMs, headers });

  it('reports a 200 with its body', async () => {
    routes.set('/ok', (_q, _b, res) => res.writeHead(200).end('thanks'));
    const result = await post('/ok');
    expect(result).toMatchObject({ ok: true, responseCode: 200, responseBody: 'thanks', error: null });
    expect(Number.isInteger(result.durationMs)).toBe(true);
  });

  it('reports an empty 204 body as an empty string', async () => {
    routes.set('/empty', (_q, _b, res) => res.writeHead(204).end());
    expect(await post('/empty')).toMatchObject({ ok: true, responseCode: 204, responseBody: '', error: null });
  });

  it('sends the body verbatim as JSON with the user agent', async () => {
    routes.set('/echo', (_q, _b, res) => res.writeHead(200).end());
    const body = '{ "spaced" :  "é✓", "n":1 }';
    await client.deliver({ url: `${base}/echo`, body, timeoutMs: 5_000, headers: { 'Content-Type': 'text/plain' } });
    expect(received).toHaveLength(1);
    expect(received[0].body.equals(Buffer.from(body, 'utf8'))).toBe(true);
    expect(received[0].headers['content-type']).toBe('application/json');
    expect(received[0].headers['user-agent']).toBe('Dispatch-Webhooks/1.0');
  });

  it('passes extra headers through', async () => {
    routes.set('/signed', (_q, _b, res) => res.writeHead(200).end());
    await post('/signed', 5_000, { 'x-dispatch-signature': 'v1=abc', 'X-Dispatch-Job': 'job-1' });
    expect(received[0].headers).toMatchObject({ 'x-dispatch-signature': 'v1=abc', 'x-dispatch-job': 'job-1' });
  });

  it('reports a 500 as a failure with code and body', async () => {
    routes.set('/boom', (_q, _b, res) => res.writeHead(500).end('broken'));
    expect(await post('/boom')).toMatchObject({ ok: false, responseCode: 500, responseBody: 'broken', error: 'HTTP 500' });
  });

  it('does not follow redirects', async () => {
    let targetCalls = 0;
    routes.set('/target', (_q, _b, res) => {
      targetCalls++;
      res.writeHead(200).end();
    });
    routes.set('/moved', (_q, _b, res) => res.writeHead(302, { location: `${base}/target` }).end());
    const result = await post('/moved');
    expect(result).toMatchObject({ ok: false, responseCode: 302, error: `redirect not followed (302 to ${base}/target)` });
    expect(targetCalls).toBe(0);
  });

  it('reports a refused connection without a response', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const result = await client.deliver({ url: `http://127.0.0.1:${port}/`, body: '{}', timeoutMs: 5_000 });
    expect(result).toMatchObject({ ok: false, responseCode: null, responseBody: null });
    expect(result.error).toMatch(/refused/);
  });

  it('times out when the receiver never answers', async () => {
    routes.set('/silent', () => {});
    const result = await post('/silent', 200);
    expect(result).toMatchObject({ ok: false, responseCode: null, responseBody: null, error: 'timeout after 200 ms' });
    expect(result.durationMs).toBeGreaterThanOrEqual(150);
    expect(result.durationMs).toBeLessThan(2_000);
  });

  it('stops reading an endless body at the deadline, keeping the code and what arrived', async () => {
    routes.set('/drip', (_q, _b, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const drip = setInterval(() => res.write('x'), 20);
      res.on('close', () => clearInterval(drip));
    });
    const result = await post('/drip', 300);
    expect(result).toMatchObject({ ok: false, responseCode: 200, error: 'timeout after 300 ms' });
    expect(result.responseBody).toMatch(/^x+$/);
    expect(result.durationMs).toBeGreaterThanOrEqual(250);
    expect(result.durationMs).toBeLessThan(2_000);
  });

  it('captures exactly 64 KiB of a 1 MiB body', async () => {
    routes.set('/huge', (_q, _b, res) => res.writeHead(200).end(Buffer.alloc(1024 * 1024, 'a')));
    const result = await post('/huge');
    expect(result).toMatchObject({ ok: true, responseCode: 200, error: null });
    expect(Buffer.byteLength(result.responseBody ?? '')).toBe(65_536);
  });

  it('captures as much as RESPONSE_BODY_LIMIT allows', async () => {
    routes.set('/sized', (_q, _b, res) => res.writeHead(200).end(Buffer.alloc(10_000, 'b')));
    const small = new WebhookClient({ capturedBodyBytes: 1_000 });
    try {
      const result = await small.deliver({ url: `${base}/sized`, body: '{}', timeoutMs: 2_000 });
      expect(result).toMatchObject({ ok: true, responseCode: 200 });
      expect(result.responseBody).toBe('b'.repeat(1_000));
    } finally {
      await small.close();
    }
  });

  it('rejects an invalid URL without sending', async () => {
    for (const url of ['not a url', 'ftp://127.0.0.1/']) {
      expect(await client.deliver({ url, body: '{}', timeoutMs: 1_000 })).toMatchObject({ ok: false, responseCode: null, error: 'invalid URL' });
    }
  });
});
