import type { IncomingHttpHeaders } from 'node:http';
import { Agent, type buildConnector, type Dispatcher } from 'undici';
import type { DeliveryTracing } from './delivery-tracing.js';

/** Bytes of a receiver's answer kept in the delivery log, unless configured otherwise (RESPONSE_BODY_LIMIT). */
export const MAX_CAPTURED_BODY_BYTES = 64 * 1024;

export interface DeliveryRequest {
  /** Absolute http(s) URL. */
  url: string;
  /** Raw JSON body, sent verbatim. */
  body: string;
  /** Extra headers (signatures); content-type is always application/json. */
  headers?: Record<string, string>;
  /** Deadline for the whole attempt: connect, headers and body. */
  timeoutMs: number;
  /** Which attempt this is (for its trace span): the job, the attempt number, and the job's stored trace context. */
  attempt?: { jobId: string; number: number; traceContext: string | null };
}

/** The outcome of one attempt as a value: never thrown, whatever the receiver does. */
export interface DeliveryResult {
  /** The receiver answered 2xx and its body was read. */
  ok: boolean;
  /** null when no response arrived. */
  responseCode: number | null;
  /** Up to 64 KiB of the answer; null when no response arrived. */
  responseBody: string | null;
  /** Whole milliseconds from sending to the end of the body (or the failure). */
  durationMs: number;
  /** null on 2xx; otherwise why, in a few words. */
  error: string | null;
  /** A 429 or 503 answer's Retry-After, in ms from now (null when absent or unreadable). */
  retryAfterMs?: number | null;
}

export interface WebhookClientOptions {
  /** Keep-alive connections per receiver origin. Default 128. */
  connectionsPerOrigin?: number;
  /** Default 'Dispatch-Webhooks/1.0'. */
  userAgent?: string;
  /** Connector options (the address guard plugs in here). */
  connect?: buildConnector.BuildOptions | buildConnector.connector;
  /** Bytes of each answer kept. Default MAX_CAPTURED_BODY_BYTES. */
  capturedBodyBytes?: number;
  /** A span per attempt, with a traceparent header (only when tracing is on). */
  tracing?: DeliveryTracing;
}

/** POSTs webhook bodies with undici: no redirects, a hard deadline, a capped body. */
export class WebhookClient {
  private readonly agent: Agent;
  private readonly userAgent: string;
  private readonly capturedBodyBytes: number;
  private readonly tracing: DeliveryTracing | undefined;

  constructor(options: WebhookClientOptions = {}) {
    this.userAgent = options.userAgent ?? 'Dispatch-Webhooks/1.0';
    this.capturedBodyBytes = options.capturedBodyBytes ?? MAX_CAPTURED_BODY_BYTES;
    this.tracing = options.tracing;
    this.agent = new Agent({ connections: options.connectionsPerOrigin ?? 128, pipelining: 1, connect: options.connect });
  }

  /** One attempt: traced when tracing is on (a span, and its traceparent sent along). */
  deliver(req: DeliveryRequest): Promise<DeliveryResult> {
    return this.tracing ? this.tracing.around(req, (traced) => this.post(traced)) : this.post(req);
  }

  /**
   * One POST through undici's dispatcher, driven by its handler callbacks rather than
   * `request()`: no response stream or async iterator per delivery, which at hundreds of
   * deliveries a second is a good part of the HTTP client's cost. Settles once, whichever of
   * the answer, a failure or the deadline comes first.
   */
  private post(req: DeliveryRequest): Promise<DeliveryResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const target = httpUrl(req.url);
    if (!target) return Promise.resolve({ ok: false, responseCode: null, responseBody: null, durationMs: elapsed(), error: 'invalid URL' });
    const limit = this.capturedBodyBytes;
    return new Promise((resolve) => {
      let settled = false;
      let controller: Dispatcher.DispatchController | undefined;
      let responseCode: number | null = null;
      let responseHeaders: IncomingHttpHeaders = {};
      const captured: Buffer[] = [];
      let size = 0;
      const capturedText = () => (responseCode === null ? null : Buffer.concat(captured).toString('utf8'));
      const answered = () => {
        const code = responseCode!;
        const ok = code >= 200 && code < 300;
        const retryAfterMs = code === 429 || code === 503 ? parseRetryAfter(responseHeaders['retry-after'], Date.now()) : null;
        return { ok, responseCode, responseBody: capturedText(), durationMs: elapsed(), error: ok ? null : statusError(code, responseHeaders.location), retryAfterMs };
      };
      const settle = (result: DeliveryResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(result);
      };
      // The whole attempt's deadline: connect, headers and body. A request not yet on a
      // socket is aborted as soon as it gets one.
      const timer = setTimeout(() => {
        settle({ ok: false, responseCode, responseBody: capturedText(), durationMs: elapsed(), error: `timeout after ${req.timeoutMs} ms` });
        controller?.abort(new Error('deadline'));
      }, req.timeoutMs);
      const fail = (error: unknown) => settle({ ok: false, responseCode, responseBody: capturedText(), durationMs: elapsed(), error: describeFailure(error, req.timeoutMs) });
      try {
        this.agent.dispatch(
          {
            origin: target.origin,
            path: target.pathname + target.search,
            method: 'POST',
            headersTimeout: req.timeoutMs,
            bodyTimeout: req.timeoutMs,
            headers: { ...withoutContentType(req.headers), 'content-type': 'application/json', 'user-agent': this.userAgent },
            body: req.body,
          },
          {
            onRequestStart: (c) => {
              controller = c;
              if (settled) c.abort(new Error('deadline'));
            },
            onResponseStart: (_c, statusCode, headers) => {
              responseCode = statusCode;
              responseHeaders = headers;
            },
            onResponseData: (c, chunk) => {
              if (settled) return;
              const room = limit - size;
              captured.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
              size += Math.min(chunk.length, room);
              if (size >= limit) {
                // Kept what the log keeps; the rest (and its connection) is dropped unread.
                settle(answered());
                c.abort(new Error('captured enough'));
              }
            },
            onResponseEnd: () => settle(answered()),
            onResponseError: (_c, error) => fail(error),
          },
        );
      } catch (error) {
        // A request undici refuses outright (a header value it cannot send).
        fail(error);
      }
    });
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

function httpUrl(url: string): URL | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed : null;
  } catch {
    return null;
  }
}

/** A caller's content-type in another letter case would otherwise be sent twice. */
function withoutContentType(headers: Record<string, string> = {}): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'content-type'));
}

/** Retry-After as delay-seconds or an HTTP date (RFC 9110 §10.2.3), in ms from `now`; null when absent or unreadable. */
export function parseRetryAfter(header: string | string[] | undefined, now: number): number | null {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!value) return null;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) || !/[a-z]/i.test(value) ? null : Math.max(0, at - now);
}

function statusError(status: number, location: string | string[] | undefined): string {
  if (status < 300 || status >= 400) return `HTTP ${status}`;
  const target = Array.isArray(location) ? location[0] : location;
  return `redirect not followed (${status}${target ? ` to ${target}` : ''})`;
}

const REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection reset',
  UND_ERR_SOCKET: 'connection closed by the receiver',
  ENOTFOUND: 'DNS lookup failed (ENOTFOUND)',
  EAI_AGAIN: 'DNS lookup failed (EAI_AGAIN)',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_CONNECT_TIMEOUT: 'connect timeout',
};

function describeFailure(error: unknown, timeoutMs: number): string {
  const err = (error ?? {}) as { code?: string; name?: string; message?: string; cause?: { code?: string } };
  const code = err.code ?? err.cause?.code ?? '';
  if (REASONS[code]) return REASONS[code];
  // The address guard refused every address the host resolved to.
  if (code === 'DISPATCH_BLOCKED_ADDRESS') return err.message ?? 'blocked address';
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || err.name === 'TimeoutError') {
    return `timeout after ${timeoutMs} ms`;
  }
  if (/CERT|SSL|TLS|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/.test(code)) return `TLS error: ${err.message ?? code}`;
  if (err.name === 'AbortError') return 'aborted';
  return `${code || err.name || 'error'}: ${err.message ?? 'request failed'}`.slice(0, 300);
}
