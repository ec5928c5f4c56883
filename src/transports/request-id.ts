import { randomUUID } from 'node:crypto';

/** What a client's X-Request-ID must look like to be kept (echoed and logged). */
const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** The client's X-Request-ID when usable, otherwise a new one. */
export function requestIdFrom(header: unknown): string {
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
}
