import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Receiver side: checks that a request really is a Dispatch delivery. Dispatch signs every
 * delivery twice over the same raw body — its own `x-dispatch-signature` and the Standard
 * Webhooks headers — with every secret valid at that moment (during a rotation, the new
 * one and the previous one). Every scheme present must verify; one is enough to be present.
 */

/** Why a request was refused. */
export type VerificationFailure =
  | 'missing-signature' // neither x-dispatch-signature nor webhook-signature (with webhook-id and webhook-timestamp)
  | 'malformed-signature' // a signature header that cannot be one Dispatch sent
  | 'stale-timestamp' // signed more than toleranceSeconds before (or after) now
  | 'signature-mismatch' // no signature matches any of the secrets: forged, tampered body or wrong secret
  | 'invalid-secret' // the secret given to verifyWebhook is not whsec_ + base64
  | 'malformed-body'; // authentic, but not the JSON of a delivery

export class WebhookVerificationError extends Error {
  override name = 'WebhookVerificationError';
  constructor(readonly reason: VerificationFailure, message: string) {
    super(message);
  }
}

/** The body Dispatch POSTs. `payload` is the job's (or, for alerts, `{type, timestamp, data}`). */
export interface DeliveryBody<P = Record<string, unknown>> {
  jobId: string;
  title: string;
  payload: P;
  /** When this attempt fired. */
  firedAt: string;
}

export interface VerifiedDelivery<P = Record<string, unknown>> {
  body: DeliveryBody<P>;
  /** The signed time of this attempt. */
  timestamp: Date;
  /** `webhook-id`: the job id, the same on every retry (the receiver's idempotency key). */
  webhookId: string | null;
  /** The schemes that were present and verified. */
  schemes: Array<'dispatch' | 'standard-webhooks'>;
}

export interface VerifyOptions {
  /** How far the signed time may be from now, seconds. Default 300. */
  toleranceSeconds?: number;
  /** "Now" (for tests). */
  now?: Date;
}

/** Request headers in any of the usual shapes: Node's `req.headers`, a Fetch `Headers`, or a plain object (any letter case). */
export type HeadersLike = { get(name: string): string | null } | Record<string, string | string[] | undefined>;

const SECRET_PREFIX = 'whsec_';
const UNIX_SECONDS = /^(?:0|[1-9]\d{0,14})$/;
const HEX_SHA256 = /^[0-9a-f]{64}$/;
const BASE64_SHA256 = /^[A-Za-z0-9+/]{43}=$/;

/**
 * Verifies a delivery and returns its parsed body; throws WebhookVerificationError (with a
 * `reason`) otherwise. `rawBody` must be the bytes as received (not re-serialised JSON).
 * `secret` is the project's `whsec_…`; during a rotation give both: `[newSecret, oldSecret]`.
 */
export function verifyWebhook<P = Record<string, unknown>>(
  rawBody: string | Uint8Array,
  headers: HeadersLike,
  secret: string | readonly string[],
  options: VerifyOptions = {},
): VerifiedDelivery<P> {
  const { toleranceSeconds = 300, now = new Date() } = options;
  const keys = (typeof secret === 'string' ? [secret] : [...secret]).map(secretKey);
  if (keys.length === 0) throw new WebhookVerificationError('invalid-secret', 'at least one signing secret is needed');
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : Buffer.from(rawBody.buffer, rawBody.byteOffset, rawBody.byteLength);
  const read = headerReader(headers);

  const checks: Array<{ scheme: 'dispatch' | 'standard-webhooks'; t: number; webhookId: string | null; signed: Buffer[]; expected: (key: Buffer) => Buffer }> = [];
  const dispatchHeader = read('x-dispatch-signature', ',');
  if (dispatchHeader !== null) {
    const { t, signatures } = parseDispatchSignature(dispatchHeader);
    checks.push({ scheme: 'dispatch', t, webhookId: null, signed: signatures, expected: (key) => hmac(key, [`${t}.`, body]) });
  }
  const standardHeader = read('webhook-signature', ' ');
  if (standardHeader !== null) {
    const id = read('webhook-id', null);
    const timestamp = read('webhook-timestamp', null);
    if (id === null || timestamp === null) throw new WebhookVerificationError('malformed-signature', 'webhook-signature needs webhook-id and webhook-timestamp');
    if (!UNIX_SECONDS.test(timestamp.trim())) throw new WebhookVerificationError('malformed-signature', 'webhook-timestamp is not unix seconds');
    const t = Number(timestamp.trim());
    checks.push({ scheme: 'standard-webhooks', t, webhookId: id, signed: parseStandardSignature(standardHeader), expected: (key) => hmac(key, [`${id}.${t}.`, body]) });
  }
  if (checks.length === 0) throw new WebhookVerificationError('missing-signature', 'no x-dispatch-signature or webhook-signature header');

  const nowSeconds = Math.floor(now.getTime() / 1000);
  for (const check of checks) {
    // Written so that NaN (a bad date or tolerance) fails closed.
    if (!(Math.abs(nowSeconds - check.t) <= toleranceSeconds)) {
      throw new WebhookVerificationError('stale-timestamp', `signed at ${new Date(check.t * 1000).toISOString()}, more than ${toleranceSeconds} s from now`);
    }
    // Every candidate against every key, without an early exit: the time taken says nothing about which matched.
    let matched = false;
    for (const key of keys) {
      const expected = check.expected(key);
      for (const candidate of check.signed) matched = timingSafeEqual(candidate, expected) || matched;
    }
    if (!matched) {
      throw new WebhookVerificationError('signature-mismatch', `${check.scheme === 'dispatch' ? 'x-dispatch-signature' : 'webhook-signature'} matches none of the secrets (tampered body or wrong secret)`);
    }
  }

  let parsed: DeliveryBody<P>;
  try {
    parsed = JSON.parse(body.toString('utf8')) as DeliveryBody<P>;
  } catch {
    throw new WebhookVerificationError('malformed-body', 'the body is not JSON');
  }
  return { body: parsed, timestamp: new Date(checks[0].t * 1000), webhookId: checks.find((c) => c.webhookId)?.webhookId ?? null, schemes: checks.map((c) => c.scheme) };
}

/** The key bytes of `whsec_<base64>`. */
function secretKey(secret: string): Buffer {
  const encoded = typeof secret === 'string' && secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : '';
  const key = Buffer.from(encoded, 'base64');
  // Buffer.from skips what it cannot read: only the exact spelling of the decoded bytes is a secret, so a typo is an error, not another key.
  if (key.length === 0 || key.toString('base64') !== encoded) {
    throw new WebhookVerificationError('invalid-secret', `a signing secret is '${SECRET_PREFIX}' followed by base64`);
  }
  return key;
}

function hmac(key: Buffer, parts: Array<string | Buffer>): Buffer {
  const mac = createHmac('sha256', key);
  for (const part of parts) mac.update(part);
  return mac.digest();
}

/** `t=<seconds>,v1=<hex>[,v1=<hex>]`; other entries (a later v2=) are ignored. */
function parseDispatchSignature(header: string): { t: number; signatures: Buffer[] } {
  let t: number | undefined;
  const signatures: Buffer[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (name === 't') {
      // Two timestamps would leave open which one the signature vouches for.
      if (t !== undefined || !UNIX_SECONDS.test(value)) throw new WebhookVerificationError('malformed-signature', 'x-dispatch-signature has no single valid t=');
      t = Number(value);
    } else if (name === 'v1' && HEX_SHA256.test(value)) {
      signatures.push(Buffer.from(value, 'hex'));
    }
  }
  if (t === undefined) throw new WebhookVerificationError('malformed-signature', 'x-dispatch-signature has no t=');
  if (signatures.length === 0) throw new WebhookVerificationError('malformed-signature', 'x-dispatch-signature has no v1= signature');
  return { t, signatures };
}

/** `v1,<base64>[ v1,<base64>]`; other versions are ignored. */
function parseStandardSignature(header: string): Buffer[] {
  const signatures = header
    .split(' ')
    .map((entry) => entry.split(','))
    .filter(([version, value]) => version === 'v1' && value !== undefined && BASE64_SHA256.test(value))
    .map(([, value]) => Buffer.from(value, 'base64'));
  if (signatures.length === 0) throw new WebhookVerificationError('malformed-signature', 'webhook-signature has no v1, signature');
  return signatures;
}

/** Reads a header in any letter case; repeated headers are joined with `joiner` (refused when null). */
function headerReader(headers: HeadersLike): (name: string, joiner: string | null) => string | null {
  return (name, joiner) => {
    let value: string | string[] | null | undefined;
    if (typeof (headers as { get?: unknown }).get === 'function') {
      value = (headers as { get(name: string): string | null }).get(name);
    } else {
      const record = headers as Record<string, string | string[] | undefined>;
      const key = Object.keys(record).find((k) => k.toLowerCase() === name);
      value = key === undefined ? undefined : record[key];
    }
    if (value === undefined || value === null) return null;
    if (!Array.isArray(value)) return value;
    if (joiner === null && value.length > 1) throw new WebhookVerificationError('malformed-signature', `${name} is given more than once`);
    return value.join(joiner ?? '');
  };
}
