import { formatDuration, parseDuration } from '../duration.js';
import { badInput } from '../errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string): boolean => UUID.test(value);

export const MAX_TITLE_LENGTH = 500;
export const MAX_URL_LENGTH = 2048;
export const MAX_PAYLOAD_BYTES = 256 * 1024;

/** ISO 8601 in UTC with a trailing Z; seconds and fractions optional. */
const UTC_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?Z$/;

/**
 * Parses `fireAt`: UTC with a trailing Z, a real calendar instant, strictly after `now`.
 * Fractions beyond milliseconds are truncated (the timer is armed to the millisecond).
 */
export function parseFireAt(value: unknown, now = Date.now(), field = 'fireAt'): Date {
  if (value instanceof Date) {
    if (value.getTime() <= now) throw badInput(field, `${field} must be in the future`);
    return value;
  }
  if (value === undefined || value === null || value === '') throw badInput(field, `${field} is required`);
  if (typeof value !== 'string') throw badInput(field, `${field} must be an ISO 8601 UTC timestamp string like 2026-06-13T09:30:00Z`);
  const match = UTC_TIMESTAMP.exec(value);
  if (!match) {
    throw badInput(field, `${field} must be an ISO 8601 timestamp in UTC with a trailing Z, like 2026-06-13T09:30:00Z`);
  }
  const [, y, mo, d, h, mi, s = '0', frac = ''] = match;
  const ms = Number(frac.padEnd(3, '0').slice(0, 3));
  const time = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  const date = new Date(time);
  const roundTrips =
    date.getUTCFullYear() === Number(y) && date.getUTCMonth() === Number(mo) - 1 && date.getUTCDate() === Number(d) &&
    date.getUTCHours() === Number(h) && date.getUTCMinutes() === Number(mi) && date.getUTCSeconds() === Number(s);
  if (!roundTrips || Number(y) < 1970) throw badInput(field, `${field} is not a valid date`);
  if (time <= now) throw badInput(field, `${field} must be in the future`);
  return date;
}

/** PostgreSQL's text and jsonb cannot hold U+0000: refused up front, naming the field, rather than failing in the database. */
export function rejectNul(value: string, field: string): string {
  if (value.includes('\u0000')) throw badInput(field, `${field} must not contain NUL (U+0000) characters`);
  return value;
}

function containsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(containsNul);
  if (typeof value === 'object' && value !== null) return Object.entries(value).some(([key, item]) => key.includes('\u0000') || containsNul(item));
  return false;
}

/** An absolute http(s) URL without credentials. */
export function parseWebhookUrl(value: unknown, field = 'webhookUrl'): string {
  if (value === undefined || value === null || value === '') throw badInput(field, `${field} is required`);
  if (typeof value !== 'string') throw badInput(field, `${field} must be a string`);
  if (value.length > MAX_URL_LENGTH) throw badInput(field, `${field} must be at most ${MAX_URL_LENGTH} characters`);
  rejectNul(value, field);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw badInput(field, `${field} must be an absolute http(s) URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw badInput(field, `${field} must use http or https`);
  if (url.username || url.password) throw badInput(field, `${field} must not contain credentials`);
  return value;
}

/** A webhook URL that is well formed and that the address guard (`checkTarget`: why not, or null) lets through. */
export function parseTargetUrl(value: unknown, checkTarget: (url: string) => string | null, field = 'webhookUrl'): string {
  const url = parseWebhookUrl(value, field);
  const blocked = checkTarget(url);
  if (blocked) throw badInput(field, `${field} is not allowed: ${blocked}`);
  return url;
}

export function parseTitle(value: unknown, field = 'title'): string {
  if (value === undefined || value === null) throw badInput(field, `${field} is required`);
  if (typeof value !== 'string') throw badInput(field, `${field} must be a string`);
  if (!value.trim()) throw badInput(field, `${field} must not be empty`);
  if (value.length > MAX_TITLE_LENGTH) throw badInput(field, `${field} must be at most ${MAX_TITLE_LENGTH} characters`);
  return rejectNul(value, field);
}

/**
 * A JSON value as the client wrote it: its exact text (REST keeps the bytes of the body) and
 * its parsed value. Payloads are stored and delivered as this text.
 */
export class RawJson {
  constructor(
    readonly text: string,
    readonly value: unknown,
  ) {}
}

/** A payload: its text (delivered byte for byte) and its value. */
export interface Payload {
  text: string;
  value: Record<string, unknown>;
}

/**
 * A JSON object (not an array or scalar); absent means `{}`. Given as RawJson its text is
 * kept as sent; given parsed (GraphQL) it is serialised in the order of its keys.
 */
export function parsePayload(input: unknown, field = 'payload'): Payload {
  const raw = input instanceof RawJson ? input : undefined;
  const value = raw ? raw.value : input;
  if (value === undefined || value === null) return { text: '{}', value: {} };
  if (typeof value !== 'object' || Array.isArray(value)) throw badInput(field, `${field} must be a JSON object`);
  const text = raw?.text ?? JSON.stringify(value);
  if (Buffer.byteLength(text) > MAX_PAYLOAD_BYTES) {
    throw badInput(field, `${field} must be at most ${MAX_PAYLOAD_BYTES / 1024} KiB of JSON`);
  }
  if (containsNul(value)) throw badInput(field, `${field} must not contain NUL (U+0000) characters in its keys or strings`);
  return { text, value: value as Record<string, unknown> };
}

/** A positive integer query/argument within bounds. */
export function parseBoundedInt(value: unknown, field: string, fallback: number, min: number, max: number): number {
  if (value === undefined || value === null || value === '') return fallback;
  const n = typeof value === 'number' ? value : /^-?\d+$/.test(String(value)) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n < min || n > max) throw badInput(field, `${field} must be an integer from ${min} to ${max}`);
  return n;
}

/** An Idempotency-Key: 1 to 255 visible ASCII characters. */
export function parseIdempotencyKey(value: unknown, field = 'idempotencyKey'): string {
  if (typeof value !== 'string' || !/^[\x21-\x7e]{1,255}$/.test(value)) {
    throw badInput(field, `${field} must be 1 to 255 visible ASCII characters`);
  }
  return value;
}

/** A duration given as `90s`, `15m`, `2h`, `1d` or whole milliseconds (a number or a digit string). */
export function parseDurationInput(value: unknown, field: string, min: number, max: number): number {
  const ms = typeof value === 'number' ? value : typeof value === 'string' ? parseDuration(value) : Number.NaN;
  if (!Number.isInteger(ms)) throw badInput(field, `${field} must be a duration such as 90s, 15m, 2h or 1d, or whole milliseconds`);
  if (ms < min) throw badInput(field, `${field} must be at least ${formatDuration(min)}`);
  if (ms > max) throw badInput(field, `${field} must be at most ${formatDuration(max)}`);
  return ms;
}

