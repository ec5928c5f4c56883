import pino, { type Logger } from 'pino';

/** Header and field paths that carry credentials: never written to the log. */
export const REDACT_PATHS = [
  'req.headers.authorization', 'req.headers["x-api-key"]', 'headers.authorization', 'headers["x-api-key"]',
  'token', 'key', 'password', 'apiKey', 'signingSecret', '*.token', '*.key', '*.password', '*.signingSecret',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { service: 'dispatch' } }, destination);
}
