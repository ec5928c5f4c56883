import { SpanKind, SpanStatusCode, type Span, type Tracer } from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { setRequestTraceContext } from '../request-scope.js';
import { contextFromHeaders, traceparentOf } from '../telemetry/tracing.js';

/**
 * A server span per HTTP request, continuing the caller's trace when it sends a
 * `traceparent`. The span's context is recorded in the request's scope, so that a job
 * created while serving it remembers it (its deliveries link back). Registered only when
 * tracing is on: otherwise requests carry no hook at all.
 */
export function registerRequestTracing(app: FastifyInstance, tracer: Tracer): void {
  const spans = new WeakMap<FastifyRequest, Span>();

  app.addHook('onRequest', (request, _reply, done) => {
    const route = request.routeOptions.url;
    const span = tracer.startSpan(route ? `${request.method} ${route}` : request.method, {
      kind: SpanKind.SERVER,
      attributes: {
        'http.request.method': request.method,
        'url.path': request.url.split('?')[0],
        ...(route ? { 'http.route': route } : {}),
        'client.address': request.ip,
        'dispatch.request_id': request.id,
      },
    }, contextFromHeaders(request.headers));
    spans.set(request, span);
    setRequestTraceContext(traceparentOf(span.spanContext()));
    done();
  });

  const end = (request: FastifyRequest, status: number | null) => {
    const span = spans.get(request);
    if (!span) return;
    spans.delete(request);
    if (status !== null) span.setAttribute('http.response.status_code', status);
    const principal = request.principal;
    if (principal?.kind === 'apiKey') span.setAttribute('dispatch.project_id', principal.projectId);
    if (status === null || status >= 500) span.setStatus({ code: SpanStatusCode.ERROR, message: status === null ? 'request aborted' : `HTTP ${status}` });
    span.end();
  };
  app.addHook('onResponse', (request, reply, done) => {
    end(request, reply.statusCode);
    done();
  });
  app.addHook('onRequestAbort', (request, done) => {
    end(request, null);
    done();
  });
}
