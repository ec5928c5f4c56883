import { SpanKind, SpanStatusCode, type Link, type Tracer } from '@opentelemetry/api';
import { spanContextOf, traceparentOf } from '../telemetry/tracing.js';
import type { DeliveryRequest, DeliveryResult } from './webhook-client.js';

/**
 * A client span per delivery attempt: the job, the attempt number, the receiver, the status
 * code, the duration and the error. It starts a trace of its own (an attempt may run days
 * after the request that scheduled it) linked to the trace of that request, and the request
 * to the receiver carries its W3C `traceparent`, so the receiver's trace continues it.
 */
export class DeliveryTracing {
  constructor(private readonly tracer: Tracer) {}

  async around(req: DeliveryRequest, send: (req: DeliveryRequest) => Promise<DeliveryResult>): Promise<DeliveryResult> {
    const url = safeUrl(req.url);
    const created = spanContextOf(req.attempt?.traceContext);
    const links: Link[] = created ? [{ context: created, attributes: { 'dispatch.link': 'created by' } }] : [];
    const span = this.tracer.startSpan('webhook delivery', {
      kind: SpanKind.CLIENT,
      root: true,
      links,
      attributes: {
        'http.request.method': 'POST',
        ...(url ? { 'url.full': url.full, 'server.address': url.host, 'server.port': url.port } : {}),
        ...(req.attempt ? { 'dispatch.job.id': req.attempt.jobId, 'dispatch.attempt': req.attempt.number } : {}),
      },
    });
    try {
      const result = await send({ ...req, headers: { ...req.headers, traceparent: traceparentOf(span.spanContext()) } });
      span.setAttribute('dispatch.duration_ms', result.durationMs);
      if (result.responseCode !== null) span.setAttribute('http.response.status_code', result.responseCode);
      if (!result.ok) {
        span.setAttribute('error.type', result.responseCode === null ? (result.error ?? 'error') : String(result.responseCode));
        span.setStatus({ code: SpanStatusCode.ERROR, message: result.error ?? `HTTP ${result.responseCode}` });
      }
      return result;
    } finally {
      span.end();
    }
  }
}

/** The URL without its query string and credentials (a webhook URL may carry a token there), its host and port. */
function safeUrl(text: string): { full: string; host: string; port: number } | undefined {
  try {
    const url = new URL(text);
    const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
    return { full: `${url.protocol}//${url.host}${url.pathname}`, host: url.hostname, port };
  } catch {
    return undefined;
  }
}
