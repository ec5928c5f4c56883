import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Delivery signing. Every delivery carries two signature schemes over the same raw body:
 * Dispatch's own `x-dispatch-signature` (simple to check with nothing but an HMAC) and the
 * Standard Webhooks headers (so receivers can use an off-the-shelf verifier). Both sign with
 * every currently valid secret, so a receiver keeps working through a secret rotation.
 */

const SECRET_PREFIX = 'whsec_';
const SECRET_BYTES = 32;
/** Five minutes: what README promises receivers and what Standard Webhooks enforces. */
const DEFAULT_TOLERANCE_SECONDS = 300;

// Canonical decimal (no sign, no leading zeros) and small enough to stay an exact integer,
// so every distinct header spelling of t means a distinct signed timestamp.
const UNIX_SECONDS = /^(?:0|[1-9]\d{0,14})$/;
// Exactly what signDelivery emits; anything else cannot be one of our signatures.
const HEX_SHA256 = /^[0-9a-f]{64}$/;

/** A new project signing secret: 'whsec_' + base64 of 32 random bytes. */
export function newSigningSecret(): string {
  return SECRET_PREFIX + randomBytes(SECRET_BYTES).toString('base64');
}

/** The key bytes of a secret: base64-decoded part after 'whsec_'. Throws on a malformed secret. */
export function secretKey(secret: string): Buffer {
  if (typeof secret !== 'string' || !secret.startsWith(SECRET_PREFIX)) {
    throw new Error(`signing secret must start with '${SECRET_PREFIX}'`);
  }
  const encoded = secret.slice(SECRET_PREFIX.length);
  const key = Buffer.from(encoded, 'base64');
  // Buffer.from silently skips characters it does not understand, accepts base64url and missing
  // padding, and ignores stray bits in the last character; so a typo would quietly become a
  // different key. Only the exact padded base64 spelling of the decoded bytes is accepted.
  if (key.length === 0 || key.toString('base64') !== encoded) {
    throw new Error(`signing secret must be '${SECRET_PREFIX}' followed by canonical padded base64`);
  }
  return key;
}

/**
 * Headers for one delivery signed with every currently valid secret (current first, then the previous one during rotation):
 *  'x-dispatch-signature': `t=<unix seconds>,v1=<hex>[,v1=<hex>]` where hex = HMAC-SHA256(key, `${t}.${body}`)
 *  'webhook-id': messageId, 'webhook-timestamp': `${t}`,
 *  'webhook-signature': `v1,<base64>[ v1,<base64>]` over `${messageId}.${t}.${body}` (Standard Webhooks)
 */
export function signDelivery(args: { messageId: string; body: string; secrets: readonly string[]; timestamp: Date }): Record<string, string> {
  const { messageId, body, secrets, timestamp } = args;
  // An unsigned delivery would be indistinguishable from a forgery to the receiver.
  if (secrets.length === 0) throw new Error('a delivery needs at least one signing secret');
  const t = Math.floor(timestamp.getTime() / 1000);
  if (!Number.isSafeInteger(t) || t < 0) throw new Error('delivery timestamp must be a valid date after 1970');
  const keys = secrets.map(secretKey);
  const dispatch = keys.map((key) => `v1=${dispatchHmac(key, t, body).toString('hex')}`);
  const standard = keys.map((key) => `v1,${hmac(key, `${messageId}.${t}.${body}`).toString('base64')}`);
  return {
    'x-dispatch-signature': [`t=${t}`, ...dispatch].join(','),
    'webhook-id': messageId,
    'webhook-timestamp': String(t),
    'webhook-signature': standard.join(' '),
  };
}

/** Receiver-side check of x-dispatch-signature (what README shows receivers): constant-time compare against any v1; rejects if |now - t| > toleranceSeconds (default 300). Returns true/false, never throws. */
export function verifyDispatchSignature(args: { header: string | undefined; body: string; secret: string; now?: Date; toleranceSeconds?: number }): boolean {
  try {
    const { header, body, secret, now = new Date(), toleranceSeconds = DEFAULT_TOLERANCE_SECONDS } = args;
    const parsed = parseDispatchHeader(header);
    if (parsed === null) return false;
    // Whole seconds, like the Standard Webhooks verifier, so both schemes agree on the boundary.
    const nowSeconds = Math.floor(now.getTime() / 1000);
    // Written so that NaN (a bad Date or a bad tolerance from config) fails closed.
    if (!Number.isFinite(nowSeconds) || !(toleranceSeconds >= 0)) return false;
    if (!(Math.abs(nowSeconds - parsed.t) <= toleranceSeconds)) return false;
    const expected = dispatchHmac(secretKey(secret), parsed.t, body);
    // No early exit: how many entries are checked reveals nothing about which one matched.
    let matched = false;
    for (const candidate of parsed.signatures) {
      matched = timingSafeEqual(candidate, expected) || matched;
    }
    return matched;
  } catch {
    return false;
  }
}

function hmac(key: Buffer, message: string): Buffer {
  // Strings hash as UTF-8, the same bytes the HTTP client puts on the wire.
  return createHmac('sha256', key).update(message, 'utf8').digest();
}

function dispatchHmac(key: Buffer, t: number, body: string): Buffer {
  return hmac(key, `${t}.${body}`);
}

/** t and the well-formed v1 entries, or null when the header cannot be a valid signature. */
function parseDispatchHeader(header: string | undefined): { t: number; signatures: Buffer[] } | null {
  if (typeof header !== 'string') return null;
  let t: number | undefined;
  const signatures: Buffer[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    // Unknown entries are ignored so that a later scheme (v2=…) can be added alongside v1.
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') {
      // Two timestamps would make it ambiguous which one the signature vouches for.
      if (t !== undefined || !UNIX_SECONDS.test(value)) return null;
      t = Number(value);
    } else if (key === 'v1' && HEX_SHA256.test(value)) {
      signatures.push(Buffer.from(value, 'hex'));
    }
  }
  return t === undefined || signatures.length === 0 ? null : { t, signatures };
}
