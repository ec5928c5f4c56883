/**
 * The OpenAPI document: generated from the routes' schemas, checked in and current, valid
 * OpenAPI 3.1, served by the service, and its reference page at /api/docs (test/e2e/api-docs.test.ts
 * renders it in a browser). That every REST answer the
 * suite receives matches it is checked by the REST helper (test/helpers/openapi-validator.ts).
 */
import { readFile } from 'node:fs/promises';
import { validate } from '@readme/openapi-parser';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPENAPI_FILE, printOpenApiFile } from '../../src/transports/rest/openapi.js';
import { signUp, startTestApp, type TestApp } from '../helpers/app.js';
import { rest } from '../helpers/clients.js';
import { checkAgainstOpenApi } from '../helpers/openapi-validator.js';

let server: TestApp;
beforeAll(async () => {
  server = await startTestApp();
});
afterAll(async () => server?.stop());

const get = async (pathname: string, headers: Record<string, string> = {}) => {
  const res = await request(`${server.url}${pathname}`, { headers });
  return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
};

describe('the document', () => {
  it('openapi.json matches the document built from the route schemas (run `npm run openapi`)', async () => {
    expect(await readFile(OPENAPI_FILE, 'utf8')).toBe(await printOpenApiFile());
  });

  it('is valid OpenAPI 3.1', async () => {
    const document = JSON.parse(await readFile(OPENAPI_FILE, 'utf8'));
    const result = await validate(document);
    expect(result.valid ? [] : result.errors).toEqual([]);
    expect(result.valid).toBe(true);
    expect(document.openapi).toBe('3.1.0');
  });

  it('describes every REST route, both auth schemes, the envelopes and the headers', async () => {
    const document = JSON.parse(await readFile(OPENAPI_FILE, 'utf8'));
    const operations = Object.entries(document.paths as Record<string, Record<string, any>>)
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
    expect(operations).toEqual(expect.arrayContaining([
      'POST /api/v1/jobs', 'GET /api/v1/jobs', 'GET /api/v1/jobs/{id}', 'DELETE /api/v1/jobs/{id}', 'PATCH /api/v1/jobs/{id}',
      'POST /api/v1/jobs/{id}/run', 'POST /api/v1/jobs/{id}/replay', 'POST /api/v1/jobs/batch', 'POST /api/v1/jobs/cancel',
      'POST /api/v1/jobs/replay', 'GET /api/v1/jobs/{id}/logs', 'GET /api/v1/logs', 'POST /api/v1/schedules', 'GET /api/v1/schedules',
      'GET /api/v1/schedules/{id}', 'PATCH /api/v1/schedules/{id}', 'POST /api/v1/schedules/{id}/pause', 'POST /api/v1/schedules/{id}/resume',
      'DELETE /api/v1/schedules/{id}', 'GET /api/v1/endpoints', 'PATCH /api/v1/endpoints/{id}', 'GET /healthz',
    ]));
    expect(operations).toHaveLength(22);
    expect(document.components.securitySchemes).toEqual({
      apiKey: expect.objectContaining({ type: 'apiKey', in: 'header', name: 'x-api-key' }),
      bearerAuth: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
    });
    const create = document.paths['/api/v1/jobs'].post;
    expect(create.security).toEqual([{ apiKey: [] }]);
    expect(document.paths['/api/v1/jobs'].get.security).toEqual([{ bearerAuth: [] }]);
    expect(create.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['idempotency-key', 'x-idempotency-key']));
    expect(Object.keys(create.responses)).toEqual(['201', '400', '401', '403', '404', '413', '422', '429', '500', '503']);
    expect(Object.keys(create.responses['429'].headers)).toEqual(['X-Request-ID', 'Retry-After', 'RateLimit-Policy', 'RateLimit']);
    expect(create.responses['400'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Error' });
    expect(create.responses['201'].content['application/json'].schema.properties.message).toEqual({ enum: ['Job scheduled successfully'] });
  });

  it('an answer that drifts from the document, or an accepted request it refuses, is caught', () => {
    const job = { status: true, message: 'Job scheduled successfully', data: { id: crypto.randomUUID() } };
    const headers = { 'x-request-id': 'r' };
    expect(() => checkAgainstOpenApi('POST', '/api/v1/jobs', { status: 201, headers, body: job })).toThrow(/must have required property 'projectId'/);
    expect(() => checkAgainstOpenApi('POST', '/api/v1/jobs', { status: 418, headers, body: job })).toThrow(/documents no 418 answer/);
    expect(() => checkAgainstOpenApi('GET', '/api/v1/jobs/x', { status: 404, headers: {}, body: { status: false, message: 'Job not found', data: null } })).toThrow(/X-Request-ID/);
    expect(() => checkAgainstOpenApi('GET', '/api/v1/jobs/x', { status: 429, headers, body: { status: false, message: 'slow down', data: null } })).toThrow(/retry-after/);
    expect(() => checkAgainstOpenApi('GET', '/api/v1/jobs/x', { status: 404, headers, body: { status: false, message: 'Job not found', data: null, extra: 1 } })).toThrow(/additional properties/);
    // A request the service accepted must be one the document allows.
    const list = { status: true, message: 'Jobs fetched successfully', data: { jobs: [], pagination: { total: 0, page: 1, limit: 20, totalPages: 0 } } };
    expect(() => checkAgainstOpenApi('GET', '/api/v1/jobs?limit=20&status=SCHEDULED', { status: 200, headers, body: list }, { body: undefined })).not.toThrow();
    expect(() => checkAgainstOpenApi('GET', '/api/v1/jobs?limit=500', { status: 200, headers, body: list }, { body: undefined })).toThrow(/accepted a query parameter openapi.json refuses: limit=500/);
    expect(() => checkAgainstOpenApi('POST', '/api/v1/jobs', { status: 201, headers, body: job }, { body: { title: 5 } })).toThrow(/accepted a body openapi.json refuses/);
  });
});

describe('serving it', () => {
  it('GET /api/v1/openapi.json answers the checked-in document, without credentials', async () => {
    const res = await get('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(res.text)).toEqual(JSON.parse(await readFile(OPENAPI_FILE, 'utf8')));
  });

  it('the answers of a real session match it (the REST helper checks each)', async () => {
    const user = await signUp(server.url);
    const created = await rest(server.url, 'POST', '/api/v1/jobs', {
      body: { title: 'documented', webhookUrl: 'https://example.com/hook', delay: '1h' }, credentials: { apiKey: user.apiKey }, headers: { 'Idempotency-Key': 'k1' },
    });
    expect(created.status).toBe(201);
    expect((await rest(server.url, 'GET', `/api/v1/jobs/${created.body.data.id}`, { credentials: { token: user.token } })).status).toBe(200);
    expect((await rest(server.url, 'GET', '/api/v1/jobs?cursor=', { credentials: { token: user.token } })).body.data.nextCursor).toBeNull();
    expect((await rest(server.url, 'POST', '/api/v1/jobs', { body: '{nope', credentials: { apiKey: user.apiKey } })).status).toBe(400);
    expect((await rest(server.url, 'GET', '/api/v1/jobs')).status).toBe(401);
    expect((await rest(server.url, 'GET', '/healthz')).status).toBe(200);
  });
});

describe('the API reference page', () => {
  it('/api/docs serves the page and its bundled renderer from this origin, under the dashboard\'s policy (styles let through)', async () => {
    const page = await get('/api/docs');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.text).toContain('<redoc spec-url="/api/v1/openapi.json"');
    expect(page.text).not.toMatch(/https?:\/\//);
    const policy = String(page.headers['content-security-policy']);
    expect(policy).toContain("script-src 'self';");
    expect(policy).not.toContain('unsafe-eval');
    expect(policy).toContain("connect-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(page.headers['x-frame-options']).toBe('DENY');
    const script = await get('/api/docs/redoc.standalone.js');
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.text.length).toBeGreaterThan(100_000);
  });
});
