/**
 * Delay before retry number `retry` (1-based): RETRY_DELAYS in order, the last value
 * repeating, never above RETRY_MAX_DELAY.
 */
export function retryDelayMs(retry: number, delaysMs: readonly number[], maxDelayMs: number): number {
  const delay = delaysMs[Math.min(retry, delaysMs.length) - 1] ?? delaysMs[delaysMs.length - 1] ?? 0;
  return Math.min(delay, maxDelayMs);
}
