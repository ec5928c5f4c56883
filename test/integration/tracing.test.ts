/**
 * OpenTelemetry on a real Dispatch with an in-memory exporter and a real receiver: a server
 * span per request (continuing the caller's traceparent), a client span per delivery attempt
 * linked to the request that created the job, and the traceparent the receiver sees.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, startTestApp, type TestApp } from '../helpers/app.js';
import { rest } from '../helpers/clients.js';
import { Receiver, respond } from '../helpers/receiver.js';

const CALLER_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN = '00f067aa0ba902b7';

let receiver: Receiver;
beforeAll(async () => {
  receiver = await new Receiver().start();
});
afterAll(async () => receiver?.stop());

describe('with an exporter', () => {
  const exporter = new InMemorySpanExporter();
  let server: TestApp;
  beforeAll(async () => {
    server = await startTestApp({ RETRY_DELAYS: '100ms' }, { spanExporter: exporter });
  });
  afterAll(async () => server?.stop());

  const spans = async (): Promise<ReadableSpan[]> => {
    await server.app.tracing!.flush();
    return exporter.getFinishedSpans();
  };

  it('traces the create request and each delivery attempt, linked to it, with a traceparent to the receiver', async () => {
    const user = await signUp(server.url);
    const url = receiver.on('/traced', respond(500, 'not yet'), respond(200, 'ok'));
    const created = await rest(server.url, 'POST', '/api/v1/jobs', {
      body: { title: 'traced', webhookUrl: url, delay: '100ms' },
      credentials: { apiKey: user.apiKey },
      headers: { traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01`, 'x-request-id': 'traced-create' },
    });
    expect(created.status).toBe(201);
    const jobId: string = created.body.data.id;
    await receiver.waitFor(() => receiver.for('/traced').length === 2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const all = await spans();

    const request = all.find((span) => span.attributes['dispatch.request_id'] === 'traced-create')!;
    expect(request).toBeDefined();
    expect(request.name).toBe('POST /api/v1/jobs');
    expect(request.kind).toBe(SpanKind.SERVER);
    // It continues the caller's trace.
    expect(request.spanContext().traceId).toBe(CALLER_TRACE);
    expect(request.parentSpanContext?.spanId).toBe(CALLER_SPAN);
    expect(request.attributes).toMatchObject({ 'http.request.method': 'POST', 'http.route': '/api/v1/jobs', 'http.response.status_code': 201, 'dispatch.project_id': user.projectId });

    const deliveries = all.filter((span) => span.attributes['dispatch.job.id'] === jobId).sort((a, b) => Number(a.attributes['dispatch.attempt']) - Number(b.attributes['dispatch.attempt']));
    expect(deliveries.map((span) => span.attributes['dispatch.attempt'])).toEqual([1, 2]);
    for (const span of deliveries) {
      expect(span.name).toBe('webhook delivery');
      expect(span.kind).toBe(SpanKind.CLIENT);
      // A trace of its own, linked to the request that created the job.
      expect(span.spanContext().traceId).not.toBe(CALLER_TRACE);
      expect(span.links.map((link) => link.context)).toEqual([expect.objectContaining({ traceId: CALLER_TRACE, spanId: request.spanContext().spanId })]);
      expect(span.attributes['url.full']).toBe(url);
      expect(span.attributes['dispatch.duration_ms']).toEqual(expect.any(Number));
    }
    const [failed, succeeded] = deliveries;
    expect(failed.attributes).toMatchObject({ 'http.response.status_code': 500, 'error.type': '500' });
    expect(failed.status.code).toBe(SpanStatusCode.ERROR);
    expect(succeeded.attributes['http.response.status_code']).toBe(200);
    expect(succeeded.status.code).not.toBe(SpanStatusCode.ERROR);

    // The receiver's trace continues the delivery span.
    const received = receiver.for('/traced').map((r) => r.headers.traceparent);
    expect(received).toEqual(deliveries.map((span) => `00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`));
  });

  it('a failed connection is an error span with the reason, and a request without traceparent starts a trace', async () => {
    const user = await signUp(server.url);
    const created = await rest(server.url, 'POST', '/api/v1/jobs', {
      body: { title: 'refused', webhookUrl: 'http://127.0.0.1:1/nothing', delay: '50ms', retry: { maxAttempts: 1 } }, credentials: { apiKey: user.apiKey },
    });
    const jobId: string = created.body.data.id;
    const deadline = Date.now() + 10_000;
    let delivery: ReadableSpan | undefined;
    while (!delivery && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      delivery = (await spans()).find((span) => span.attributes['dispatch.job.id'] === jobId);
    }
    expect(delivery).toBeDefined();
    expect(delivery!.status).toMatchObject({ code: SpanStatusCode.ERROR, message: expect.stringMatching(/refused|ECONNREFUSED/i) });
    expect(delivery!.attributes['http.response.status_code']).toBeUndefined();
    const request = (await spans()).find((span) => span.spanContext().spanId === delivery!.links[0].context.spanId)!;
    expect(request.name).toBe('POST /api/v1/jobs');
    expect(request.parentSpanContext).toBeUndefined();
  });
});

describe('without one', () => {
  let server: TestApp;
  beforeAll(async () => {
    server = await startTestApp();
  });
  afterAll(async () => server?.stop());

  it('starts nothing and sends no traceparent', async () => {
    expect(server.app.tracing).toBeUndefined();
    const user = await signUp(server.url);
    const url = receiver.on('/untraced');
    await rest(server.url, 'POST', '/api/v1/jobs', { body: { title: 'plain', webhookUrl: url, delay: '50ms' }, credentials: { apiKey: user.apiKey } });
    await receiver.waitFor(() => receiver.for('/untraced').length === 1);
    expect(receiver.for('/untraced')[0].headers.traceparent).toBeUndefined();
  });
});

describe('with OTEL_EXPORTER_OTLP_ENDPOINT', () => {
  it('exports the spans over OTLP/HTTP to the collector, with the configured headers', async () => {
    const exports: Array<{ path: string; headers: Record<string, unknown>; body: string }> = [];
    const collector = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        exports.push({ path: req.url ?? '', headers: req.headers, body });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
    const server = await startTestApp({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_EXPORTER_OTLP_HEADERS: 'x-collector-key=abc123', OTEL_SERVICE_NAME: 'dispatch-under-test' });
    try {
      expect((await rest(server.url, 'GET', '/api/v1/jobs')).status).toBe(401);
    } finally {
      // Stopping exports what is left.
      await server.stop();
      collector.close();
    }
    const sent = exports.filter((e) => e.path === '/v1/traces');
    expect(sent.length).toBeGreaterThan(0);
    expect(sent[0].headers['x-collector-key']).toBe('abc123');
    const text = sent.map((e) => e.body).join('\n');
    expect(text).toContain('dispatch-under-test');
    expect(text).toContain('GET /api/v1/jobs');
  });
});
