import { DispatchConnectionError, DispatchError, STATUS_OF_CODE } from './errors.js';
import { RETRY_DEFAULTS, RETRYABLE_STATUSES, retryDelayMs, type RetryOptions } from './retry.js';

/** Where the service is and who is calling. */
export interface ConnectionOptions {
  /** The service's base URL, e.g. `http://localhost:4000`. */
  url: string;
  /** `sk_…`: acts as that key's project (`x-api-key`). */
  apiKey?: string;
  /** A session token: acts as the user, across all of their projects (`Authorization: Bearer`). */
  token?: string;
  /** Retries on 429 and 503, honouring `Retry-After`. */
  retry?: RetryOptions;
  /** Per request (each retry has its own), ms. Default 30,000. */
  timeoutMs?: number;
  /** A fetch to use instead of the global one. */
  fetch?: typeof fetch;
}

export type Query = Record<string, string | number | boolean | readonly string[] | undefined | null>;

interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
}

/**
 * The one place that talks HTTP: credentials, timeouts, bounded retries on "not now"
 * answers, and turning error answers (REST envelopes, GraphQL errors) into DispatchError.
 */
export class Transport {
  readonly baseUrl: string;
  private readonly retry: Required<RetryOptions>;
  private readonly fetch: typeof fetch;
  private readonly timeoutMs: number;

  constructor(private readonly options: ConnectionOptions) {
    if (typeof options.url !== 'string' || !/^https?:\/\//i.test(options.url)) {
      throw new TypeError('url must be the service\'s http(s) base URL, e.g. http://localhost:4000');
    }
    this.baseUrl = options.url.replace(/\/+$/, '');
    this.retry = { ...RETRY_DEFAULTS, ...options.retry };
    this.fetch = options.fetch ?? globalThis.fetch;
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  get hasApiKey(): boolean {
    return Boolean(this.options.apiKey);
  }

  /** What a WebSocket connection sends as `connectionParams`. */
  connectionParams(): Record<string, string> {
    if (this.options.apiKey) return { 'x-api-key': this.options.apiKey };
    if (this.options.token) return { authorization: `Bearer ${this.options.token}` };
    return {};
  }

  /** A REST call; resolves to the envelope's `data`. */
  async rest<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, options: { body?: unknown; query?: Query; headers?: Record<string, string> } = {}): Promise<T> {
    const url = new URL(this.baseUrl + path);
    for (const [name, value] of Object.entries(options.query ?? {})) {
      if (value === undefined || value === null) continue;
      for (const one of Array.isArray(value) ? value : [value]) url.searchParams.append(name, String(one));
    }
    const answer = await this.send(url, method, options.body, options.headers, (a) => a.status);
    const envelope = answer.body as { status?: boolean; message?: string; data?: unknown } | null;
    if (answer.status >= 400 || envelope?.status !== true) {
      throw new DispatchError({
        status: answer.status,
        message: typeof envelope?.message === 'string' ? envelope.message : `HTTP ${answer.status}`,
        requestId: answer.headers.get('x-request-id') ?? undefined,
      });
    }
    return envelope.data as T;
  }

  /** A GraphQL operation over HTTP; resolves to `data`, throws the first error. */
  async graphql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    const answer = await this.send(new URL(`${this.baseUrl}/graphql`), 'POST', { query, variables }, {}, statusOfGraphQL);
    const result = answer.body as { data?: T | null; errors?: Array<{ message?: string; extensions?: { code?: string; field?: string } }> } | null;
    const error = result?.errors?.[0];
    if (error || answer.status >= 400 || !result?.data) {
      throw new DispatchError({
        status: statusOfGraphQL(answer),
        message: error?.message ?? `HTTP ${answer.status}`,
        code: error?.extensions?.code,
        field: error?.extensions?.field,
        requestId: answer.headers.get('x-request-id') ?? undefined,
      });
    }
    return result.data;
  }

  private authHeaders(): Record<string, string> {
    return {
      ...(this.options.apiKey ? { 'x-api-key': this.options.apiKey } : {}),
      ...(this.options.token ? { authorization: `Bearer ${this.options.token}` } : {}),
    };
  }

  private async send(url: URL, method: string, body: unknown, headers: Record<string, string> | undefined, statusOf: (answer: Answer) => number): Promise<Answer> {
    for (let retry = 1; ; retry++) {
      const answer = await this.once(url, method, body, headers);
      const status = statusOf(answer);
      if (!RETRYABLE_STATUSES.has(status)) return answer;
      const delay = retryDelayMs(retry, answer.headers.get('retry-after'), this.retry);
      if (delay === null) return answer;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  private async once(url: URL, method: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    let response: Response;
    try {
      response = await this.fetch(url, {
        method,
        headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...this.authHeaders(), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new DispatchConnectionError(`cannot reach ${this.baseUrl}: ${describe(error)}`, { cause: error });
    }
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // Not JSON (a proxy's error page): the status still says what happened.
    }
    return { status: response.status, headers: response.headers, body: parsed };
  }
}

/** A GraphQL answer's status: the HTTP one when it is an error, else that of its first error's code. */
function statusOfGraphQL(answer: Answer): number {
  if (answer.status >= 400) return answer.status;
  const code = (answer.body as { errors?: Array<{ extensions?: { code?: string } }> } | null)?.errors?.[0]?.extensions?.code;
  return code === undefined ? answer.status : (STATUS_OF_CODE[code] ?? 500);
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    if (error.name === 'TimeoutError') return 'no answer in time';
    return cause?.code ?? cause?.message ?? error.message;
  }
  return String(error);
}
