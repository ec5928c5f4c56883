/**
 * Configuration: the only module that reads environment variables. Every value is
 * validated at start-up; a bad one stops the process with one line naming it.
 */
import { parseDuration } from './duration.js';

export const ROLES = ['all', 'api', 'worker'] as const;
export type Role = (typeof ROLES)[number];

export interface Config {
  /** HTTP port for REST, GraphQL and WebSocket. Default 4000. */
  readonly port: number;
  /** Bind address. Default 0.0.0.0. */
  readonly host: string;
  /** PostgreSQL URL; undefined starts the embedded PostgreSQL under `dataDir`. */
  readonly databaseUrl: string | undefined;
  /** Where the embedded database keeps its files. Default ./.data. */
  readonly dataDir: string;
  /** When set, Agenda stores its jobs in MongoDB instead of PostgreSQL. */
  readonly mongodbUrl: string | undefined;
  /** Delay before retry 1, 2, … in ms; the last value repeats. Default 30 s, 1 min. */
  readonly retryDelaysMs: readonly number[];
  /** Ceiling on any retry delay, ms. Default 5 min. */
  readonly retryMaxDelayMs: number;
  /** A job is DEAD once this many attempts have failed. Default 3. */
  readonly maxAttempts: number;
  /** An attempt without a complete response by then fails, ms. Default 30 s. */
  readonly deliveryTimeoutMs: number;
  /** Lets webhooks reach loopback and private addresses. Default false. */
  readonly allowPrivateTargets: boolean;
  /** Private ranges webhooks may reach anyway. Default none. */
  readonly allowedTargetCidrs: readonly string[];
  /** Scheduling requests per project per minute; 0 disables. Default 60,000. */
  readonly rateLimitSchedulePerMinute: number;
  /** Read requests per user per minute; 0 disables. Default 6,000. */
  readonly rateLimitReadPerMinute: number;
  /** register/login attempts per client IP per minute; 0 disables. Default 10. */
  readonly rateLimitAuthPerMinute: number;
  /** Finished jobs (SUCCESS, DEAD, CANCELLED) and their logs are deleted this long after they finished, ms; 0 keeps them. Default 30 days. */
  readonly retentionMs: number;
  /** How often a firing process runs retention, ms. Default 1 min. */
  readonly retentionIntervalMs: number;
  /** Bytes of a receiver's answer kept in the delivery log. Default 64 KiB. */
  readonly responseBodyLimitBytes: number;
  /** An endpoint's circuit breaker opens after this many failed attempts in a row; 0 never. Default 20. */
  readonly breakerFailures: number;
  /** …or when at least this share of its attempts over `breakerWindowMs` failed; 0 never. Default 0.9. */
  readonly breakerFailureRatio: number;
  /** The failure ratio counts only once the window holds this many attempts. Default 50. */
  readonly breakerMinAttempts: number;
  /** The failure ratio's window (whole minutes), ms. Default 5 min. */
  readonly breakerWindowMs: number;
  /** How long an opened breaker waits before its first probe, ms; doubled after each failed probe. Default 30 s. */
  readonly breakerBackoffMs: number;
  /** The longest wait between probes, ms. Default 10 min. */
  readonly breakerMaxBackoffMs: number;
  /** The longest Retry-After honoured, ms. Default 10 min. */
  readonly retryAfterMaxMs: number;
  /** How long an idempotency key is remembered, ms. Default 24 h. */
  readonly idempotencyTtlMs: number;
  /** Bearer token GET /metrics asks for; unset, only loopback and private-network clients may scrape. */
  readonly metricsToken: string | undefined;
  /** Which parts run in this process. Default all. */
  readonly role: Role;
  /** HTTP_HEADERS_TIMEOUT: a client must have sent its request headers within this, ms (slowloris). Default 10 s. */
  readonly httpHeadersTimeoutMs: number;
  /** HTTP_REQUEST_TIMEOUT: a client must have sent its whole request within this, ms. Default 30 s. */
  readonly httpRequestTimeoutMs: number;
  /** HTTP_MAX_CONCURRENT_PER_IP: requests in progress at once per client address; 0 disables. Default 256. */
  readonly httpMaxConcurrentPerIp: number;
  /** WS_MAX_CONNECTIONS_PER_IP: open WebSocket connections per client address; 0 disables. Default 2,000. */
  readonly wsMaxConnectionsPerIp: number;
  /** WS_MAX_CONNECTIONS_PER_CREDENTIAL: open WebSocket connections per API key or session; 0 disables. Default 1,000. */
  readonly wsMaxConnectionsPerCredential: number;
  /** WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: operations running at once on one WebSocket; 0 disables. Default 100. */
  readonly wsMaxSubscriptionsPerConnection: number;
  /** WS_MAX_BUFFERED: bytes queued for a WebSocket client that does not read before it is dropped. Default 4 MiB. */
  readonly wsMaxBufferedBytes: number;
  /** NODE_ENV=production: no introspection, no field suggestions. */
  readonly production: boolean;
  /** pino level. Default info. */
  readonly logLevel: string;
  /** LOG_FORMAT: `auto` (pretty lines when stdout is a terminal, JSON otherwise), `json` or `pretty`. Default auto. */
  readonly logFormat: LogFormat;
  /** OTEL_EXPORTER_OTLP_ENDPOINT: where traces go (OTLP over HTTP, `<endpoint>/v1/traces`); unset, tracing is off. */
  readonly otlpEndpoint: string | undefined;
  /** OTEL_EXPORTER_OTLP_HEADERS: `key=value,…` sent with each export (a hosted backend's API key). */
  readonly otlpHeaders: Readonly<Record<string, string>>;
  /** OTEL_SERVICE_NAME: the traces' service.name. Default dispatch. */
  readonly otelServiceName: string;
}

export const LOG_FORMATS = ['auto', 'json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Builds the frozen configuration from `env`; throws ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };
  const fail = (name: string, why: string): never => {
    throw new ConfigError(`${name}: ${why} (got "${env[name]}")`);
  };
  const integer = (name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) fail(name, `must be an integer from ${min} to ${max}`);
    return value;
  };
  const duration = (name: string, fallback: string, min = 0): number => {
    const value = parseDuration(read(name) ?? fallback);
    if (!Number.isFinite(value) || value < min) fail(name, `must be a duration like 500ms, 30s, 1m or plain milliseconds, at least ${min} ms`);
    return value;
  };
  const flag = (name: string): boolean => {
    const raw = read(name)?.toLowerCase();
    if (raw === undefined || raw === 'false' || raw === '0') return false;
    if (raw === 'true' || raw === '1') return true;
    return fail(name, 'must be true or false');
  };
  const url = (name: string, protocols: string[]): string | undefined => {
    const raw = read(name);
    if (raw === undefined) return undefined;
    let parsed: URL | undefined;
    try {
      parsed = new URL(raw);
    } catch {
      fail(name, 'is not a URL');
    }
    if (!protocols.includes(parsed!.protocol)) fail(name, `must start with ${protocols.join(' or ')}//`);
    return raw;
  };

  const retryDelaysMs = (read('RETRY_DELAYS') ?? '30s,1m').split(',').map((part) => parseDuration(part));
  if (retryDelaysMs.some((ms) => !Number.isFinite(ms))) fail('RETRY_DELAYS', 'must be a comma-separated list of durations like 30s,1m');

  const allowedTargetCidrs = (read('ALLOWED_TARGET_CIDRS') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const cidr of allowedTargetCidrs) {
    if (!/^[0-9a-fA-F:.]+\/\d{1,3}$/.test(cidr)) fail('ALLOWED_TARGET_CIDRS', `"${cidr}" is not a CIDR like 10.1.0.0/16`);
  }

  const ratio = (name: string, fallback: number): number => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^(0|1|0?\.\d+|1\.0*)$/.test(raw) || !(value >= 0 && value <= 1)) fail(name, 'must be a number from 0 to 1, like 0.9');
    return value;
  };

  const bytes = (name: string, fallback: number, max: number): number => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    const match = /^(\d+)\s*(KiB|MiB)?$/.exec(raw);
    const value = match ? Number(match[1]) * (match[2] === 'MiB' ? 1024 * 1024 : match[2] === 'KiB' ? 1024 : 1) : Number.NaN;
    if (!(value >= 0 && value <= max)) fail(name, `must be a size in bytes, or with KiB or MiB, from 0 to ${max / 1024 / 1024} MiB`);
    return value;
  };

  const role = (read('ROLE') ?? 'all') as Role;
  if (!ROLES.includes(role)) fail('ROLE', `must be one of ${ROLES.join(', ')}`);
  const metricsToken = read('METRICS_TOKEN');
  if (metricsToken !== undefined && !/^[\x21-\x7e]{16,256}$/.test(metricsToken)) fail('METRICS_TOKEN', 'must be 16 to 256 visible ASCII characters');
  const logLevel = read('LOG_LEVEL') ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) fail('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);
  const logFormat = (read('LOG_FORMAT') ?? 'auto') as LogFormat;
  if (!LOG_FORMATS.includes(logFormat)) fail('LOG_FORMAT', `must be one of ${LOG_FORMATS.join(', ')}`);
  const otlpHeaders: Record<string, string> = {};
  for (const pair of (read('OTEL_EXPORTER_OTLP_HEADERS') ?? '').split(',').map((part) => part.trim()).filter(Boolean)) {
    const equals = pair.indexOf('=');
    // Never echoed back: the value usually holds a credential.
    if (equals <= 0) throw new ConfigError('OTEL_EXPORTER_OTLP_HEADERS: must be a comma-separated list of key=value pairs');
    otlpHeaders[decodeURIComponent(pair.slice(0, equals).trim())] = decodeURIComponent(pair.slice(equals + 1).trim());
  }

  const httpHeadersTimeoutMs = duration('HTTP_HEADERS_TIMEOUT', '10s', 100);
  const httpRequestTimeoutMs = duration('HTTP_REQUEST_TIMEOUT', '30s', 100);
  if (httpHeadersTimeoutMs > httpRequestTimeoutMs) fail('HTTP_HEADERS_TIMEOUT', 'must not be longer than HTTP_REQUEST_TIMEOUT');

  return Object.freeze({
    port: integer('PORT', 4000, 0, 65535),
    host: read('HOST') ?? '0.0.0.0',
    databaseUrl: url('DATABASE_URL', ['postgres:', 'postgresql:']),
    dataDir: read('DATA_DIR') ?? './.data',
    mongodbUrl: url('MONGODB_URL', ['mongodb:', 'mongodb+srv:']),
    retryDelaysMs: Object.freeze(retryDelaysMs),
    retryMaxDelayMs: duration('RETRY_MAX_DELAY', '5m'),
    maxAttempts: integer('MAX_ATTEMPTS', 3, 1, 100),
    deliveryTimeoutMs: duration('DELIVERY_TIMEOUT', '30s', 1),
    allowPrivateTargets: flag('ALLOW_PRIVATE_TARGETS'),
    allowedTargetCidrs: Object.freeze(allowedTargetCidrs),
    rateLimitSchedulePerMinute: integer('RATE_LIMIT_SCHEDULE_PER_MINUTE', 60_000, 0),
    rateLimitReadPerMinute: integer('RATE_LIMIT_READ_PER_MINUTE', 6_000, 0),
    rateLimitAuthPerMinute: integer('RATE_LIMIT_AUTH_PER_MINUTE', 10, 0),
    retentionMs: duration('RETENTION', '30d'),
    retentionIntervalMs: duration('RETENTION_INTERVAL', '1m', 1000),
    responseBodyLimitBytes: bytes('RESPONSE_BODY_LIMIT', 64 * 1024, 16 * 1024 * 1024),
    breakerFailures: integer('BREAKER_FAILURES', 20, 0, 1_000_000),
    breakerFailureRatio: ratio('BREAKER_FAILURE_RATIO', 0.9),
    breakerMinAttempts: integer('BREAKER_MIN_ATTEMPTS', 50, 1),
    breakerWindowMs: duration('BREAKER_WINDOW', '5m', 60_000),
    breakerBackoffMs: duration('BREAKER_BACKOFF', '30s', 100),
    breakerMaxBackoffMs: duration('BREAKER_MAX_BACKOFF', '10m', 100),
    retryAfterMaxMs: duration('RETRY_AFTER_MAX', '10m', 0),
    idempotencyTtlMs: duration('IDEMPOTENCY_TTL', '24h', 1000),
    metricsToken,
    role,
    httpHeadersTimeoutMs,
    httpRequestTimeoutMs,
    httpMaxConcurrentPerIp: integer('HTTP_MAX_CONCURRENT_PER_IP', 256, 0),
    wsMaxConnectionsPerIp: integer('WS_MAX_CONNECTIONS_PER_IP', 2_000, 0),
    wsMaxConnectionsPerCredential: integer('WS_MAX_CONNECTIONS_PER_CREDENTIAL', 1_000, 0),
    wsMaxSubscriptionsPerConnection: integer('WS_MAX_SUBSCRIPTIONS_PER_CONNECTION', 100, 0),
    wsMaxBufferedBytes: bytes('WS_MAX_BUFFERED', 4 * 1024 * 1024, 1024 * 1024 * 1024),
    production: read('NODE_ENV') === 'production',
    logLevel,
    logFormat,
    otlpEndpoint: url('OTEL_EXPORTER_OTLP_ENDPOINT', ['http:', 'https:']),
    otlpHeaders: Object.freeze(otlpHeaders),
    otelServiceName: read('OTEL_SERVICE_NAME') ?? 'dispatch',
  });
}
