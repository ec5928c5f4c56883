import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { formatDuration, parseDuration } from '../../src/duration.js';

describe('config', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 4000, host: '0.0.0.0', databaseUrl: undefined, dataDir: './.data', mongodbUrl: undefined,
      retryDelaysMs: [30_000, 60_000], retryMaxDelayMs: 300_000, maxAttempts: 3, deliveryTimeoutMs: 30_000,
      allowPrivateTargets: false, allowedTargetCidrs: [], rateLimitSchedulePerMinute: 60_000, rateLimitReadPerMinute: 6_000,
      rateLimitAuthPerMinute: 10, idempotencyTtlMs: 86_400_000, role: 'all', production: false, logLevel: 'info',
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('parses durations', () => {
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('1m')).toBe(60_000);
    expect(parseDuration('24h')).toBe(86_400_000);
    expect(parseDuration('250')).toBe(250);
    expect(parseDuration('1.5s')).toBe(1_500);
    expect(parseDuration('soon')).toBeNaN();
    expect(parseDuration('-5s')).toBeNaN();
  });

  it('writes durations in the largest unit that divides them, and they parse back', () => {
    expect([90_000, 3_600_000, 86_400_000, 1_500, 60_000, 0].map(formatDuration)).toEqual(['90s', '1h', '1d', '1500ms', '1m', '0ms']);
    for (const ms of [1, 999, 1_000, 59_000, 61_000, 7_200_000, 172_800_000]) expect(parseDuration(formatDuration(ms))).toBe(ms);
  });

  it('reads the logging and tracing settings; a bad OTLP header list is refused without echoing its value', () => {
    expect(loadConfig({})).toMatchObject({ logFormat: 'auto', otlpEndpoint: undefined, otlpHeaders: {}, otelServiceName: 'dispatch' });
    expect(loadConfig({ LOG_FORMAT: 'json', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_EXPORTER_OTLP_HEADERS: 'api-key=s3cret, x-team=ops', OTEL_SERVICE_NAME: 'dispatch-eu' }))
      .toMatchObject({ logFormat: 'json', otlpEndpoint: 'http://collector:4318', otlpHeaders: { 'api-key': 's3cret', 'x-team': 'ops' }, otelServiceName: 'dispatch-eu' });
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_HEADERS: 's3cret-without-a-name' })).toThrow(/^((?!s3cret).)*$/);
  });

  it.each([
    ['PORT', 'http'], ['PORT', '70000'], ['RETRY_DELAYS', '30s,later'], ['RETRY_MAX_DELAY', 'forever'],
    ['MAX_ATTEMPTS', '0'], ['DELIVERY_TIMEOUT', '0'], ['ALLOW_PRIVATE_TARGETS', 'maybe'], ['ALLOWED_TARGET_CIDRS', 'internal'],
    ['RATE_LIMIT_AUTH_PER_MINUTE', '-1'], ['IDEMPOTENCY_TTL', 'x'], ['ROLE', 'boss'], ['LOG_LEVEL', 'loud'],
    ['DATABASE_URL', 'mysql://x'], ['MONGODB_URL', 'not a url'], ['RETENTION', 'a month'], ['RESPONSE_BODY_LIMIT', 'lots'],
    ['RESPONSE_BODY_LIMIT', '17MiB'], ['LOG_FORMAT', 'xml'], ['OTEL_EXPORTER_OTLP_ENDPOINT', 'grpc://collector:4317'],
    ['OTEL_EXPORTER_OTLP_HEADERS', 'api-key'],
  ])('rejects %s=%s with one line naming the variable', (name, value) => {
    let error: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(new RegExp(`^${name}: `));
    expect((error as Error).message).not.toContain('\n');
  });

  it('reads retention and the captured body size, with their defaults', () => {
    expect(loadConfig({})).toMatchObject({ retentionMs: 30 * 86_400_000, responseBodyLimitBytes: 65_536 });
    expect(loadConfig({ RETENTION: '0', RESPONSE_BODY_LIMIT: '1MiB' })).toMatchObject({ retentionMs: 0, responseBodyLimitBytes: 1_048_576 });
    expect(loadConfig({ RETENTION: '90d', RESPONSE_BODY_LIMIT: '512' })).toMatchObject({ retentionMs: 90 * 86_400_000, responseBodyLimitBytes: 512 });
    expect(loadConfig({ RESPONSE_BODY_LIMIT: '16KiB' }).responseBodyLimitBytes).toBe(16_384);
  });

  it('reads the abuse limits, with their defaults, and refuses a headers timeout longer than the request timeout', () => {
    expect(loadConfig({})).toMatchObject({
      httpHeadersTimeoutMs: 10_000, httpRequestTimeoutMs: 30_000, httpMaxConcurrentPerIp: 256, wsMaxConnectionsPerIp: 2_000,
      wsMaxConnectionsPerCredential: 1_000, wsMaxSubscriptionsPerConnection: 100, wsMaxBufferedBytes: 4 * 1024 * 1024,
    });
    expect(loadConfig({
      HTTP_HEADERS_TIMEOUT: '2s', HTTP_REQUEST_TIMEOUT: '5s', HTTP_MAX_CONCURRENT_PER_IP: '0', WS_MAX_CONNECTIONS_PER_IP: '10',
      WS_MAX_CONNECTIONS_PER_CREDENTIAL: '3', WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: '7', WS_MAX_BUFFERED: '256KiB',
    })).toMatchObject({
      httpHeadersTimeoutMs: 2_000, httpRequestTimeoutMs: 5_000, httpMaxConcurrentPerIp: 0, wsMaxConnectionsPerIp: 10,
      wsMaxConnectionsPerCredential: 3, wsMaxSubscriptionsPerConnection: 7, wsMaxBufferedBytes: 262_144,
    });
    expect(() => loadConfig({ HTTP_HEADERS_TIMEOUT: '1m' })).toThrow('HTTP_HEADERS_TIMEOUT: must not be longer than HTTP_REQUEST_TIMEOUT');
    expect(() => loadConfig({ WS_MAX_CONNECTIONS_PER_IP: 'many' })).toThrow(ConfigError);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080', HOST: '127.0.0.1', DATABASE_URL: 'postgres://u@h/db', DATA_DIR: '/tmp/x', MONGODB_URL: 'mongodb://m:27017/agenda',
      RETRY_DELAYS: '500ms,2s,1m', RETRY_MAX_DELAY: '45s', MAX_ATTEMPTS: '5', DELIVERY_TIMEOUT: '10s', ALLOW_PRIVATE_TARGETS: 'true',
      ALLOWED_TARGET_CIDRS: '10.1.0.0/16, fd00::/8', RATE_LIMIT_SCHEDULE_PER_MINUTE: '0', ROLE: 'worker', NODE_ENV: 'production', LOG_LEVEL: 'debug',
    });
    expect(config).toMatchObject({
      port: 8080, host: '127.0.0.1', retryDelaysMs: [500, 2_000, 60_000], retryMaxDelayMs: 45_000, maxAttempts: 5,
      deliveryTimeoutMs: 10_000, allowPrivateTargets: true, allowedTargetCidrs: ['10.1.0.0/16', 'fd00::/8'],
      rateLimitSchedulePerMinute: 0, role: 'worker', production: true, logLevel: 'debug',
    });
  });
});
