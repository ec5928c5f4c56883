import { ROOT_CONTEXT, trace, type Context, type SpanContext, type Tracer } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';

/** The process's tracer, and how to flush and stop it. Exists only when traces go somewhere. */
export interface Tracing {
  tracer: Tracer;
  /** Exports every span ended so far. */
  flush(): Promise<void>;
  /** Exports what is left and stops. */
  shutdown(): Promise<void>;
}

export interface TracingOptions {
  /** OTEL_EXPORTER_OTLP_ENDPOINT: the collector's base URL (spans go to `<endpoint>/v1/traces`, OTLP over HTTP). */
  endpoint?: string;
  /** OTEL_EXPORTER_OTLP_HEADERS, e.g. an API key of a hosted backend. */
  headers?: Record<string, string>;
  serviceName: string;
  serviceVersion?: string;
  /** Where spans go instead of OTLP (tests: an in-memory exporter). */
  exporter?: SpanExporter;
}

/**
 * Starts the OpenTelemetry SDK when spans have somewhere to go; otherwise returns undefined
 * and nothing is started, so that every caller's `if (tracing)` is all tracing costs. The
 * provider is this service's own, not registered globally: spans are parented explicitly
 * (a request's from its `traceparent`, a delivery by a link to the request that created its
 * job), so nothing depends on a global context manager, and two services in one process
 * (the tests) keep their traces apart.
 */
export function startTracing(options: TracingOptions): Tracing | undefined {
  const exporter = options.exporter
    ?? (options.endpoint ? new OTLPTraceExporter({ url: `${options.endpoint.replace(/\/+$/, '')}/v1/traces`, headers: options.headers }) : undefined);
  if (!exporter) return undefined;
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.serviceName, ...(options.serviceVersion ? { [ATTR_SERVICE_VERSION]: options.serviceVersion } : {}) }),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  return {
    tracer: provider.getTracer('dispatch', options.serviceVersion),
    flush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}

const propagator = new W3CTraceContextPropagator();
const getter = {
  get: (carrier: Record<string, unknown>, key: string) => {
    const value = carrier[key];
    return typeof value === 'string' || Array.isArray(value) ? (value as string | string[]) : undefined;
  },
  keys: (carrier: Record<string, unknown>) => Object.keys(carrier),
};

/** The context a W3C `traceparent` (and `tracestate`) in these headers continues; the root context without one. */
export function contextFromHeaders(headers: Record<string, unknown>): Context {
  return propagator.extract(ROOT_CONTEXT, headers, getter);
}

/** The span context a stored traceparent names, or undefined when it is missing or malformed. */
export function spanContextOf(traceparent: string | null | undefined): SpanContext | undefined {
  if (!traceparent) return undefined;
  const spanContext = trace.getSpanContext(contextFromHeaders({ traceparent }));
  return spanContext && trace.isSpanContextValid(spanContext) ? spanContext : undefined;
}

/** The W3C `traceparent` header value naming a span. */
export function traceparentOf(spanContext: SpanContext): string {
  const carrier: Record<string, string> = {};
  propagator.inject(trace.setSpanContext(ROOT_CONTEXT, spanContext), carrier, { set: (c, key, value) => (c[key] = value) });
  return carrier.traceparent;
}
