import { formatDuration } from '../../duration.js';
import { badInput } from '../../errors.js';
import { parseDurationInput, rejectNul } from '../validation.js';

/**
 * Per-job delivery options (retry, timeout, custom headers) and labels: how they are
 * validated, stored (overrides only; absent means "the server's default") and shown
 * (effective values, defaults filled in).
 */
export interface DeliveryOptions {
  maxAttempts: number | null;
  /** Delay before retry 1, 2, … ms; the last repeats. */
  retryDelaysMs: number[] | null;
  retryMaxDelayMs: number | null;
  timeoutMs: number | null;
  headers: Record<string, string> | null;
}

export const NO_OPTIONS: DeliveryOptions = { maxAttempts: null, retryDelaysMs: null, retryMaxDelayMs: null, timeoutMs: null, headers: null };

/** The server's defaults and ceilings (configuration). */
export interface DeliveryDefaults {
  maxAttempts: number;
  retryDelaysMs: readonly number[];
  retryMaxDelayMs: number;
  /** DELIVERY_TIMEOUT: the default and the ceiling of a job's own timeout. */
  deliveryTimeoutMs: number;
}

export const MAX_ATTEMPTS_LIMIT = 20;
const MAX_RETRY_DELAYS = 20;
/** A retry further away than this is surely a mistake. */
const MAX_RETRY_DELAY_MS = 7 * 86_400_000;
export const MAX_HEADERS = 20;
const MAX_HEADER_NAME = 100;
const MAX_HEADER_VALUE = 4_096;
export const MAX_LABELS = 20;
const MAX_LABEL_KEY = 64;
const MAX_LABEL_VALUE = 256;
/** An RFC 9110 token. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Visible ASCII, spaces and tabs: no line breaks, so a value cannot smuggle another header. */
const HEADER_VALUE = /^[\t\x20-\x7e]*$/;
const LABEL_KEY = /^[A-Za-z0-9][A-Za-z0-9_.:/-]*$/;
/**
 * Headers Dispatch sets itself, or that would change how the request is framed or routed:
 * a job may not send them.
 */
const RESERVED_HEADERS = new Set(['host', 'content-length', 'content-type', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade', 'expect', 'te', 'trailer', 'proxy-connection']);
const RESERVED_PREFIXES = ['x-dispatch-', 'webhook-'];

/** `retry: { maxAttempts, delays, maxDelay }`; any part may be left out. */
export function parseRetry(value: unknown): Pick<DeliveryOptions, 'maxAttempts' | 'retryDelaysMs' | 'retryMaxDelayMs'> {
  if (value === undefined || value === null) return { maxAttempts: null, retryDelaysMs: null, retryMaxDelayMs: null };
  if (typeof value !== 'object' || Array.isArray(value)) throw badInput('retry', 'retry must be an object: { maxAttempts, delays, maxDelay }');
  const { maxAttempts, delays, maxDelay, ...unknown } = value as Record<string, unknown>;
  const extra = Object.keys(unknown)[0];
  if (extra !== undefined) throw badInput(`retry.${extra}`, `retry.${extra} is not a retry option (maxAttempts, delays, maxDelay)`);
  let attempts: number | null = null;
  if (maxAttempts !== undefined && maxAttempts !== null) {
    if (!Number.isInteger(maxAttempts) || (maxAttempts as number) < 1 || (maxAttempts as number) > MAX_ATTEMPTS_LIMIT) {
      throw badInput('retry.maxAttempts', `retry.maxAttempts must be an integer from 1 to ${MAX_ATTEMPTS_LIMIT}`);
    }
    attempts = maxAttempts as number;
  }
  let delaysMs: number[] | null = null;
  if (delays !== undefined && delays !== null) {
    if (!Array.isArray(delays) || delays.length === 0 || delays.length > MAX_RETRY_DELAYS) {
      throw badInput('retry.delays', `retry.delays must be a list of 1 to ${MAX_RETRY_DELAYS} durations such as ["10s", "1m"]`);
    }
    delaysMs = delays.map((delay, i) => parseDurationInput(delay, `retry.delays[${i}]`, 0, MAX_RETRY_DELAY_MS));
  }
  const maxDelayMs = maxDelay === undefined || maxDelay === null ? null : parseDurationInput(maxDelay, 'retry.maxDelay', 0, MAX_RETRY_DELAY_MS);
  return { maxAttempts: attempts, retryDelaysMs: delaysMs, retryMaxDelayMs: maxDelayMs };
}

/** `timeout`: a duration from 1 ms up to the server's DELIVERY_TIMEOUT. */
export function parseTimeout(value: unknown, ceilingMs: number): number | null {
  if (value === undefined || value === null) return null;
  return parseDurationInput(value, 'timeout', 1, ceilingMs);
}

/** Custom request headers: at most 20, valid names and values, none of the reserved ones. Names are kept lower-case. */
export function parseHeaders(value: unknown): Record<string, string> | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) throw badInput('headers', 'headers must be an object of header names to string values');
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > MAX_HEADERS) throw badInput('headers', `headers may hold at most ${MAX_HEADERS} headers`);
  const headers: Record<string, string> = {};
  for (const [name, headerValue] of entries) {
    const lower = name.toLowerCase();
    const field = `headers.${name}`;
    if (!HEADER_NAME.test(name) || name.length > MAX_HEADER_NAME) throw badInput(field, `header name "${name}" is not a valid HTTP header name`);
    if (RESERVED_HEADERS.has(lower) || RESERVED_PREFIXES.some((prefix) => lower.startsWith(prefix))) {
      throw badInput(field, `header "${name}" is reserved: Dispatch sets it (or it would change how the request is sent)`);
    }
    if (typeof headerValue !== 'string') throw badInput(field, `header "${name}" must have a string value`);
    if (!HEADER_VALUE.test(headerValue) || headerValue.length > MAX_HEADER_VALUE) {
      throw badInput(field, `header "${name}" must be at most ${MAX_HEADER_VALUE} visible ASCII characters, without line breaks`);
    }
    if (lower in headers) throw badInput(field, `header "${name}" is given twice`);
    headers[lower] = headerValue;
  }
  return entries.length > 0 ? headers : null;
}

/** Labels: at most 20 `key: value` strings. */
export function parseLabels(value: unknown, field = 'labels'): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw badInput(field, `${field} must be an object of string values`);
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > MAX_LABELS) throw badInput(field, `${field} may hold at most ${MAX_LABELS} labels`);
  for (const [key, labelValue] of entries) {
    if (!LABEL_KEY.test(key) || key.length > MAX_LABEL_KEY) {
      throw badInput(`${field}.${key}`, `label key "${key}" must be 1 to ${MAX_LABEL_KEY} letters, digits or _ . : / - (starting with a letter or digit)`);
    }
    if (typeof labelValue !== 'string') throw badInput(`${field}.${key}`, `label "${key}" must have a string value`);
    if (labelValue.length > MAX_LABEL_VALUE) throw badInput(`${field}.${key}`, `label "${key}" must be at most ${MAX_LABEL_VALUE} characters`);
    rejectNul(labelValue, `${field}.${key}`);
  }
  return value as Record<string, string>;
}

/** A label filter as the REST query gives it: `key:value` (repeatable). */
export function parseLabelFilter(value: unknown): Record<string, string> | null {
  if (value === undefined || value === null || value === '') return null;
  const pairs = Array.isArray(value) ? value : [value];
  const labels: Record<string, string> = {};
  for (const pair of pairs) {
    const text = String(pair);
    const colon = text.indexOf(':');
    if (colon <= 0) throw badInput('label', 'label must be key:value (repeat it to require several)');
    const key = text.slice(0, colon);
    // Two different values for one key could never both match: a mistake worth saying.
    if (key in labels && labels[key] !== text.slice(colon + 1)) throw badInput('label', `label ${key} is given twice with different values`);
    labels[key] = text.slice(colon + 1);
  }
  return parseLabels(labels, 'label');
}

/** All delivery options from an input (retry, timeout, headers). */
export function parseDeliveryOptions(input: { retry?: unknown; timeout?: unknown; headers?: unknown }, defaults: DeliveryDefaults): DeliveryOptions {
  return { ...parseRetry(input.retry), timeoutMs: parseTimeout(input.timeout, defaults.deliveryTimeoutMs), headers: parseHeaders(input.headers) };
}

/** What an attempt of a job with these options uses: its own values, the server's otherwise. */
export function effectiveOptions(options: DeliveryOptions, defaults: DeliveryDefaults) {
  return {
    maxAttempts: options.maxAttempts ?? defaults.maxAttempts,
    retryDelaysMs: options.retryDelaysMs ?? defaults.retryDelaysMs,
    retryMaxDelayMs: options.retryMaxDelayMs ?? defaults.retryMaxDelayMs,
    timeoutMs: Math.min(options.timeoutMs ?? defaults.deliveryTimeoutMs, defaults.deliveryTimeoutMs),
    headers: options.headers ?? {},
  };
}

/** The options as the API shows them: `retry { maxAttempts delays maxDelay }` (durations as text), `timeout`, `headers`. */
export function describeOptions(options: DeliveryOptions, defaults: DeliveryDefaults) {
  const effective = effectiveOptions(options, defaults);
  return {
    retry: { maxAttempts: effective.maxAttempts, delays: effective.retryDelaysMs.map(formatDuration), maxDelay: formatDuration(effective.retryMaxDelayMs) },
    timeout: formatDuration(effective.timeoutMs),
    headers: effective.headers,
  };
}
