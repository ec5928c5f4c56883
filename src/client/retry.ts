/** How the client retries an answer that says "not now" (429 rate limited, 503 unavailable). */
export interface RetryOptions {
  /** Retries after the first attempt. Default 3; 0 turns retrying off. */
  retries?: number;
  /** The longest single wait, ms; a longer `Retry-After` is not waited for (the error is thrown). Default 30,000. */
  maxDelayMs?: number;
}

export const RETRY_DEFAULTS: Required<RetryOptions> = { retries: 3, maxDelayMs: 30_000 };

/** Statuses that mean the request was not carried out and may simply be sent again. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 503]);

/** Without a Retry-After: 500 ms, 1 s, 2 s, … */
const BACKOFF_BASE_MS = 500;

/**
 * How long to wait before retry number `retry` (1, 2, …), or null to give up: the
 * answer's `Retry-After` (delay-seconds or an HTTP date, RFC 9110 §10.2.3) when it has one,
 * a doubling back-off otherwise; never longer than `maxDelayMs`.
 */
export function retryDelayMs(retry: number, retryAfter: string | null, options: Required<RetryOptions>, now = Date.now()): number | null {
  if (retry > options.retries) return null;
  const asked = parseRetryAfter(retryAfter, now);
  const delay = asked ?? BACKOFF_BASE_MS * 2 ** (retry - 1);
  // Waiting less than the service asked would only be refused again; waiting longer than the
  // caller allows would hang it: give up and let the caller see the 429.
  return delay > options.maxDelayMs ? null : delay;
}

/** Retry-After in ms from `now`; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
