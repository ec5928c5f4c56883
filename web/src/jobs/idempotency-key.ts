/**
 * A fresh idempotency key for one request the dashboard may have to send again (the answer
 * was lost): the repeat gets the first one's result instead of doing it twice. Built from
 * getRandomValues, which, unlike randomUUID, also works on plain http away from localhost.
 */
export function newIdempotencyKey(purpose: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `dashboard-${purpose}-${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}
