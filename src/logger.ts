import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';
import { currentRequestId } from './request-scope.js';

/** Header and field paths that carry credentials: never written to the log. */
export const REDACT_PATHS = [
  'req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie', 'res.headers["set-cookie"]',
  'headers.authorization', 'headers["x-api-key"]', 'headers.cookie', 'headers["set-cookie"]',
  'token', 'key', 'password', 'currentPassword', 'newPassword', 'apiKey', 'signingSecret',
  '*.token', '*.key', '*.password', '*.currentPassword', '*.newPassword', '*.signingSecret',
];

export interface LoggerOptions {
  /** Human-readable, coloured lines (for a terminal) instead of one JSON object a line. */
  pretty?: boolean;
}

/**
 * The service's logger: JSON lines (or pretty ones for a terminal), credentials redacted,
 * and every line written while an HTTP request is served carries its `requestId`.
 */
export function createLogger(level: string, destination?: pino.DestinationStream, options: LoggerOptions = {}): Logger {
  const target = destination ?? (options.pretty ? pretty({ translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' }) : undefined);
  return pino({
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { service: 'dispatch' },
    // Fastify's request logger names the request already; other loggers get it here.
    mixin: (_fields, _level, logger) => {
      const requestId = currentRequestId();
      return requestId === undefined || 'requestId' in logger.bindings() ? {} : { requestId };
    },
  }, target);
}
