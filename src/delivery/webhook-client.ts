import { Agent, request, type buildConnector } from 'undici';

/** Bytes of a receiver's answer kept in the delivery log. */
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
}

/** The outcome of one attempt as a value: never thrown, whatever the receiver does. */
export interface DeliveryResult {
  ok: boolean;
  /** null when no response arrived. */
  responseCode: number | null;
  /** Up to 64 KiB of the answer; null when no response arrived. */
  responseBody: string | null;
  durationMs: number;
  /** null on 2xx; otherwise why, in a few words. */
  error: string | null;
}

export interface WebhookClientOptions {
  /** Keep-alive connections per receiver origin. Default 128. */
  connectionsPerOrigin?: number;
  userAgent?: string;
  /** Connector options (the address guard plugs in here). */
  connect?: buildConnector.BuildOptions | buildConnector.connector;
}

/** POSTs webhook bodies with undici: no redirects, a hard deadline, a capped body. */
export class WebhookClient {
  private readonly agent: Agent;
  private readonly userAgent: string;

  constructor(options: WebhookClientOptions = {}) {
    this.userAgent = options.userAgent ?? 'Dispatch-Webhooks/1.0';
    this.agent = new Agent({
      connections: options.connectionsPerOrigin ?? 128,
      pipelining: 1,
      keepAliveTimeout: 10_000,
      connect: options.connect,
    });
  }

  async deliver(req: DeliveryRequest): Promise<DeliveryResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const signal = AbortSignal.timeout(req.timeoutMs);
    let responseCode: number | null = null;
    let captured: Buffer[] = [];
    try {
      const res = await request(req.url, {
        method: 'POST',
        dispatcher: this.agent,
        signal,
        headersTimeout: req.timeoutMs,
        bodyTimeout: req.timeoutMs,
        headers: { ...req.headers, 'content-type': 'application/json', 'user-agent': this.userAgent },
        body: req.body,
      });
      responseCode = res.statusCode;
      captured = await readCapped(res.body);
      const responseBody = Buffer.concat(captured).toString('utf8');
      const ok = res.statusCode >= 200 && res.statusCode < 300;
      let error: string | null = null;
      if (!ok) {
        const location = res.headers.location;
        error = res.statusCode >= 300 && res.statusCode < 400
          ? `redirect not followed (${res.statusCode}${location ? ` to ${String(location)}` : ''})`
          : `HTTP ${res.statusCode}`;
      }
      return { ok, responseCode, responseBody, durationMs: elapsed(), error };
    } catch (error) {
      return {
        ok: false,
        responseCode,
        responseBody: responseCode === null ? null : Buffer.concat(captured).toString('utf8'),
        durationMs: elapsed(),
        error: describeFailure(error, signal.aborted, req.timeoutMs),
      };
    }
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

/** Reads at most MAX_CAPTURED_BODY_BYTES, then drops the connection's remaining body. */
async function readCapped(body: AsyncIterable<Buffer> & { destroy(): void }): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const room = MAX_CAPTURED_BODY_BYTES - size;
    chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
    size += Math.min(chunk.length, room);
    if (size >= MAX_CAPTURED_BODY_BYTES) {
      body.destroy();
      break;
    }
  }
  return chunks;
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
};

function describeFailure(error: unknown, timedOut: boolean, timeoutMs: number): string {
  const err = error as { code?: string; name?: string; message?: string; cause?: { code?: string } };
  const code = err.code ?? err.cause?.code ?? '';
  if (timedOut || /TIMEOUT/.test(code) || err.name === 'TimeoutError') return `timeout after ${timeoutMs} ms`;
  if (REASONS[code]) return REASONS[code];
  if (code === 'ERR_INVALID_URL' || err.name === 'InvalidArgumentError') return 'invalid URL';
  if (/CERT|SSL|TLS/.test(code)) return `TLS error: ${code}`;
  if (err.name === 'AbortError') return 'aborted';
  return `${code || err.name || 'error'}: ${err.message ?? 'request failed'}`.slice(0, 300);
}
