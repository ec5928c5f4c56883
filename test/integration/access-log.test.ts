/**
 * The access log on a real Dispatch: one line per HTTP request with its route, status,
 * duration, request id and project, no credentials; and the request id on the lines the
 * services write while serving it.
 */
import { Writable } from 'node:stream';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { registerAccessLog } from '../../src/transports/access-log.js';
import { signUp, startTestApp, type TestApp } from '../helpers/app.js';
import { gqlText, rest } from '../helpers/clients.js';

const capture = () => {
  const lines: string[] = [];
  const sink = new Writable({ write(chunk, _encoding, done) { lines.push(...String(chunk).split('\n').filter(Boolean)); done(); } });
  return { sink, records: () => lines.map((line) => JSON.parse(line) as Record<string, any>), text: () => lines.join('\n') };
};

describe('on the service', () => {
  const log = capture();
  let server: TestApp;
  beforeAll(async () => {
    server = await startTestApp({}, { logTo: log.sink });
  });
  afterAll(async () => server?.stop());

  it('writes one line per request: method, route, status, duration, request id, and the project or user', async () => {
    const user = await signUp(server.url);
    const created = await rest(server.url, 'POST', '/api/v1/jobs', {
      body: { title: 'logged', webhookUrl: 'https://example.com/hook', delay: '1h' }, credentials: { apiKey: user.apiKey }, headers: { 'x-request-id': 'req-create-1' },
    });
    expect(created.status).toBe(201);
    await rest(server.url, 'GET', `/api/v1/jobs/${created.body.data.id}`, { credentials: { token: user.token }, headers: { 'x-request-id': 'req-get-1' } });
    await rest(server.url, 'GET', '/api/v1/jobs', { headers: { 'x-request-id': 'req-anon-1' } });
    await rest(server.url, 'GET', '/healthz', { headers: { 'x-request-id': 'req-health-1' } });
    await new Promise((resolve) => setTimeout(resolve, 100));

    const access = (requestId: string) => log.records().filter((r) => r.requestId === requestId && r.status !== undefined);
    expect(access('req-create-1')).toEqual([expect.objectContaining({
      level: 30, method: 'POST', route: '/api/v1/jobs', path: '/api/v1/jobs', status: 201, projectId: user.projectId, msg: 'POST /api/v1/jobs 201',
    })]);
    expect(access('req-create-1')[0].durationMs).toBeGreaterThan(0);
    expect(access('req-get-1')).toEqual([expect.objectContaining({ route: '/api/v1/jobs/:id', path: `/api/v1/jobs/${created.body.data.id}`, status: 200, userId: user.userId })]);
    expect(access('req-anon-1')).toEqual([expect.objectContaining({ status: 401 })]);
    expect(access('req-anon-1')[0]).not.toHaveProperty('projectId');
    // Health probes are logged at debug only.
    expect(access('req-health-1')).toEqual([]);
  });

  it('never writes credentials, passwords or cookies', async () => {
    const user = await signUp(server.url);
    await rest(server.url, 'GET', '/api/v1/jobs', { credentials: { token: user.token }, headers: { cookie: 'session=cookie-secret-1' } });
    await gqlText(server.url, 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', { e: user.email, p: user.password });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const text = log.text();
    expect(text).toContain('/graphql');
    for (const secret of [user.apiKey, user.token, user.password, 'cookie-secret-1']) expect(text).not.toContain(secret);
  });
});

describe('the mechanism', () => {
  const serve = async (level: string) => {
    const log = capture();
    const logger = createLogger(level, log.sink);
    const app = Fastify({ loggerInstance: logger as FastifyBaseLogger, requestIdLogLabel: 'requestId', disableRequestLogging: true, genReqId: (request) => String(request.headers['x-request-id']) });
    registerAccessLog(app);
    // A service logs with the process's logger, not the request's, after an await.
    app.get('/work', async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      logger.warn({ step: 'inside' }, 'service line');
      return { ok: true };
    });
    await app.inject({ url: '/work', headers: { 'x-request-id': 'req-scope-1' } });
    logger.warn('outside any request');
    await app.close();
    return log.records();
  };

  it('puts the request id on every line written while serving the request, and only those', async () => {
    const records = await serve('info');
    expect(records.find((r) => r.msg === 'service line')).toMatchObject({ requestId: 'req-scope-1', step: 'inside' });
    expect(records.find((r) => r.msg === 'GET /work 200')).toMatchObject({ requestId: 'req-scope-1' });
    expect(records.find((r) => r.msg === 'outside any request')).not.toHaveProperty('requestId');
    // Exactly one requestId key on a request logger's line.
    expect(records.filter((r) => r.msg === 'GET /work 200')).toHaveLength(1);
  });

  it('LOG_LEVEL=warn turns the access lines off, not the warnings', async () => {
    const records = await serve('warn');
    expect(records.map((r) => r.msg)).toEqual(['service line', 'outside any request']);
  });
});
