import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { badInput } from '../errors.js';

/**
 * Page cursors: where a page ended (the sort key of its last row), bound to the query it
 * came from and signed with the deployment's secret. A client cannot forge or alter one,
 * nor use a cursor of one query (or of another caller) with another; and since every
 * query is limited to the caller's projects anyway, a cursor can never reach another
 * tenant's rows. Format: base64url(JSON [queryTag, ...position]) "." base64url(HMAC).
 */
export class CursorCodec {
  constructor(private readonly secret: Buffer) {}

  encode(query: string, position: readonly unknown[]): string {
    const body = Buffer.from(JSON.stringify([tagOf(query), ...position])).toString('base64url');
    return `${body}.${this.sign(body)}`;
  }

  /** The position a cursor holds; a 400 naming `field` when it is not a cursor of this query. */
  decode(cursor: unknown, query: string, field: string): unknown[] {
    const invalid = () => badInput(field, `${field} is not a cursor of this query (use the cursor a page of the same query returned)`);
    if (typeof cursor !== 'string' || cursor.length > 1_000) throw invalid();
    const [body, signature, extra] = cursor.split('.');
    if (!body || !signature || extra !== undefined) throw invalid();
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
    let decoded: unknown;
    try {
      decoded = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      throw invalid();
    }
    if (!Array.isArray(decoded) || decoded[0] !== tagOf(query)) throw invalid();
    return decoded.slice(1);
  }

  private sign(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest().subarray(0, 16).toString('base64url');
  }
}

/** A short tag of the query a cursor belongs to (its kind, filters and caller). */
const tagOf = (query: string): string => createHash('sha256').update(query).digest().subarray(0, 9).toString('base64url');
