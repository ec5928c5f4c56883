/** REST-only contract details: exact envelopes, messages and codes (CONTRACT §4). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inMs, signUp, startTestApp, type TestApp } from '../helpers/app.js';
import { rest } from '../helpers/clients.js';

let server: TestApp;
let user: Awaited<ReturnType<typeof signUp>>;
beforeAll(async () => {
  server = await startTestApp();
  user = await signUp(server.url);
});
afterAll(async () => server?.stop());

const body = () => ({ title: 'Hello from Dispatch', webhookUrl: 'https://your-app.com/hooks/hello', fireAt: inMs(120_000), payload: { greeting: 'right on time' } });

describe('REST layer', () => {
  it('POST answers 201 with the exact envelope and key order', async () => {
    const res = await rest(server.url, 'POST', '/api/v1/jobs', { body: body(), credentials: { apiKey: user.apiKey } });
    expect(res.status).toBe(201);
    expect(res.body.status).toBe(true);
    expect(res.body.message).toBe('Job scheduled successfully');
    // The product's ten keys in their order, then the later additions (CONTRACT §9).
    expect(Object.keys(res.body.data).slice(0, 10)).toEqual(['id', 'projectId', 'title', 'webhookUrl', 'payload', 'fireAt', 'status', 'retryCount', 'createdAt', 'updatedAt']);
    expect(Object.keys(res.body.data).slice(10)).toEqual(['scheduleId', 'scheduledFor', 'retry', 'timeout', 'headers', 'expiresAt', 'labels', 'replayOf', 'endpointId', 'held']);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
  });

  it('DELETE answers 200 with data null', async () => {
    const created = await rest(server.url, 'POST', '/api/v1/jobs', { body: body(), credentials: { apiKey: user.apiKey } });
    const res = await rest(server.url, 'DELETE', `/api/v1/jobs/${created.body.data.id}`, { credentials: { apiKey: user.apiKey } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: true, message: 'Job cancelled successfully', data: null });
  });

  it('GET list and one use the documented messages', async () => {
    const list = await rest(server.url, 'GET', '/api/v1/jobs', { credentials: { token: user.token } });
    expect(list.status).toBe(200);
    expect(list.body.message).toBe('Jobs fetched successfully');
    expect(Object.keys(list.body.data)).toEqual(['jobs', 'pagination']);
    const one = await rest(server.url, 'GET', `/api/v1/jobs/${list.body.data.jobs[0].id}`, { credentials: { token: user.token } });
    expect(one.body.message).toBe('Job fetched successfully');
    expect(Object.keys(one.body.data)).toEqual(expect.arrayContaining(['project', 'logs']));
  });

  it('malformed JSON is a 400, never a 500', async () => {
    const res = await rest(server.url, 'POST', '/api/v1/jobs', { body: '{"title": "x",', credentials: { apiKey: user.apiKey } });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ status: false, message: 'Malformed JSON body', data: null });
  });

  it.each([['[1,2]'], ['"just a string"'], ['null'], ['']])('a body that is not an object (%s) is a 400', async (raw) => {
    const res = await rest(server.url, 'POST', '/api/v1/jobs', { body: raw, credentials: { apiKey: user.apiKey } });
    expect(res.status).toBe(400);
    expect(res.body.status).toBe(false);
  });

  it('a non-JSON content type is a 400', async () => {
    const res = await rest(server.url, 'POST', '/api/v1/jobs', {
      body: 'title=x', credentials: { apiKey: user.apiKey }, headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('Content-Type');
  });

  it('a body over 1 MiB is a 413', async () => {
    const res = await rest(server.url, 'POST', '/api/v1/jobs', { body: { ...body(), payload: { big: 'x'.repeat(1_100_000) } }, credentials: { apiKey: user.apiKey } });
    expect(res.status).toBe(413);
    expect(res.body.status).toBe(false);
  });

  it('reads need a Bearer token and scheduling needs an API key (401)', async () => {
    expect((await rest(server.url, 'GET', '/api/v1/jobs')).status).toBe(401);
    expect((await rest(server.url, 'GET', '/api/v1/jobs', { credentials: { apiKey: user.apiKey } })).status).toBe(401);
    expect((await rest(server.url, 'GET', '/api/v1/jobs', { credentials: { token: 'expired-or-made-up' } })).status).toBe(401);
    const res = await rest(server.url, 'POST', '/api/v1/jobs', { body: body(), credentials: { token: user.token } });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ status: false, message: 'Missing x-api-key header', data: null });
  });

  it('a revoked key stops working at once', async () => {
    const other = await signUp(server.url);
    const { gqlOk } = await import('../helpers/clients.js');
    const { ProjectDocument, RevokeApiKeyDocument } = await import('../generated/graphql.js');
    const { project } = await gqlOk(server.url, ProjectDocument, { id: other.projectId }, { token: other.token });
    expect((await rest(server.url, 'POST', '/api/v1/jobs', { body: body(), credentials: { apiKey: other.apiKey } })).status).toBe(201);
    await gqlOk(server.url, RevokeApiKeyDocument, { id: project!.apiKeys[0].id }, { token: other.token });
    expect((await rest(server.url, 'POST', '/api/v1/jobs', { body: body(), credentials: { apiKey: other.apiKey } })).status).toBe(401);
  });

  it('unknown routes answer a 404 envelope', async () => {
    const res = await rest(server.url, 'GET', '/api/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body.status).toBe(false);
  });

  it('/healthz reports ok with its checks', async () => {
    const res = await rest(server.url, 'GET', '/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: true, message: 'ok', data: { database: 'ok' } });
  });

  it('echoes X-Request-ID, or generates one', async () => {
    const given = await rest(server.url, 'GET', '/healthz', { headers: { 'x-request-id': 'trace-123' } });
    expect(given.headers['x-request-id']).toBe('trace-123');
    const generated = await rest(server.url, 'GET', '/healthz');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
