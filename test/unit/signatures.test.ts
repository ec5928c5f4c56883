/**
 * Delivery signatures as a receiver sees them: the secret format, both header schemes checked
 * by independent verifiers (the `standardwebhooks` package and a plain node:crypto HMAC), rotation,
 * and properties over arbitrary bodies, secrets and timestamps.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import fc from 'fast-check';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { newSigningSecret, secretKey, signDelivery, verifyDispatchSignature } from '../../src/delivery/signatures.js';

const SECRET_FORMAT = /^whsec_[A-Za-z0-9+/]{43}=$/;
const MESSAGE_ID = '3f6c2b8e-5d1a-4c2e-9b7f-0a1b2c3d4e5f';
const BODY = JSON.stringify({ jobId: MESSAGE_ID, title: 'Trial expiry reminder', payload: { userId: 'usr_812', plan: 'pro' } });

const unixSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

/** What a receiver without any library would write: recompute the hex from the header's t. */
function plainHmacCheck(header: string, body: string, secret: string): boolean {
  const fields = header.split(',');
  const t = fields.find((f) => f.startsWith('t='))?.slice(2);
  if (t === undefined) return false;
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const expected = Buffer.from(createHmac('sha256', key).update(`${t}.${body}`).digest('hex'));
  return fields
    .filter((f) => f.startsWith('v1='))
    .some((f) => {
      const given = Buffer.from(f.slice(3));
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
}

/** 'ok', or the reason the Standard Webhooks verifier refused (it checks against the real clock). */
function standardWebhooks(secret: string, body: string, headers: Record<string, string>): string {
  const { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signature } = headers;
  try {
    // Arbitrary bodies are not JSON; only the signature is under test here.
    new Webhook(secret).verify(body, { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signature }, { jsonParse: false });
    return 'ok';
  } catch (error) {
    return (error as Error).message;
  }
}

// Well-formed Unicode: any code point, whole graphemes, and JSON like the real bodies.
const bodyArb = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.json());
// Any non-empty key, with 32 bytes (what newSigningSecret makes) well represented.
const secretArb = fc
  .oneof(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 1, maxLength: 100 }))
  .map((bytes) => `whsec_${Buffer.from(bytes).toString('base64')}`);
const timestampArb = fc.date({ min: new Date(0), max: new Date(Date.UTC(2200, 0, 1)), noInvalidDate: true });
// A different body: unrelated, or one small edit (insert, delete or replace) of the original.
const tamperedArb = bodyArb
  .chain((body) => {
    const codePoints = [...body];
    const edit = fc
      .record({ at: fc.nat({ max: codePoints.length }), cut: fc.nat({ max: 2 }), insert: fc.string({ unit: 'binary', maxLength: 2 }) })
      .map(({ at, cut, insert }) => [...codePoints.slice(0, at), insert, ...codePoints.slice(at + cut)].join(''));
    return fc.tuple(fc.constant(body), fc.oneof(edit, bodyArb));
  })
  .filter(([body, tampered]) => body !== tampered);
// Replacement characters likely to confuse a lax parser, plus anything at all.
const replacementArb = fc.oneof(fc.constantFrom(...'0123456789abcdefABCDEF,=; tv'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }));

describe('signing secrets', () => {
  it('are whsec_ + base64 of 32 random bytes', () => {
    const secret = newSigningSecret();
    expect(secret).toMatch(SECRET_FORMAT);
    expect(secretKey(secret)).toHaveLength(32);
    expect(secretKey(secret).toString('base64')).toBe(secret.slice('whsec_'.length));
    expect(newSigningSecret()).not.toBe(secret);
    expect(() => new Webhook(secret)).not.toThrow();
  });

  it('secretKey rejects malformed secrets instead of decoding them to some other key', () => {
    const encoded = newSigningSecret().slice('whsec_'.length);
    expect(() => secretKey('whsec_!!!')).toThrow();
    expect(() => secretKey(encoded)).toThrow(/whsec_/);
    expect(() => secretKey(`WHSEC_${encoded}`)).toThrow();
    expect(() => secretKey('whsec_')).toThrow();
    expect(() => secretKey(`whsec_${encoded.slice(0, -1)}`)).toThrow(); // padding missing
    expect(() => secretKey(`whsec_${encoded} `)).toThrow();
    expect(() => secretKey(`whsec_${encoded.replace(/[+/]/g, '-')}-A=`)).toThrow(); // base64url
    // 'B' differs from 'A' only in bits that the decoder drops: same key, second spelling.
    expect(secretKey(`whsec_${'A'.repeat(43)}=`)).toEqual(Buffer.alloc(32));
    expect(() => secretKey(`whsec_${'A'.repeat(42)}B=`)).toThrow(/canonical/);
  });
});

describe('signDelivery', () => {
  it('signs with one secret so that standardwebhooks, a plain HMAC and verifyDispatchSignature all accept it', () => {
    const secret = newSigningSecret();
    const timestamp = new Date();
    const headers = signDelivery({ messageId: MESSAGE_ID, body: BODY, secrets: [secret], timestamp });
    const t = unixSeconds(timestamp);

    expect(Object.keys(headers).sort()).toEqual(['webhook-id', 'webhook-signature', 'webhook-timestamp', 'x-dispatch-signature']);
    expect(headers['webhook-id']).toBe(MESSAGE_ID);
    expect(headers['webhook-timestamp']).toBe(String(t));
    expect(headers['x-dispatch-signature']).toMatch(new RegExp(`^t=${t},v1=[0-9a-f]{64}$`));
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);

    // README's receiver: the package verifies and hands back the parsed body.
    expect(new Webhook(secret).verify(BODY, headers)).toEqual(JSON.parse(BODY));
    expect(headers['webhook-signature']).toBe(new Webhook(secret).sign(MESSAGE_ID, timestamp, BODY));
    expect(plainHmacCheck(headers['x-dispatch-signature'], BODY, secret)).toBe(true);
    expect(verifyDispatchSignature({ header: headers['x-dispatch-signature'], body: BODY, secret })).toBe(true);
  });

  it('during rotation signs with both secrets, current first, and either one verifies', () => {
    const [current, previous, unrelated] = [newSigningSecret(), newSigningSecret(), newSigningSecret()];
    const timestamp = new Date();
    const headers = signDelivery({ messageId: MESSAGE_ID, body: BODY, secrets: [current, previous], timestamp });

    expect(headers['x-dispatch-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/);
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}= v1,[A-Za-z0-9+/]{43}=$/);
    const [dispatchCurrent, dispatchPrevious] = headers['x-dispatch-signature'].split(',').slice(1);
    const only = (entry: string) => `t=${unixSeconds(timestamp)},${entry}`;
    expect(headers['webhook-signature'].split(' ')).toEqual([current, previous].map((s) => new Webhook(s).sign(MESSAGE_ID, timestamp, BODY)));
    expect(verifyDispatchSignature({ header: only(dispatchCurrent), body: BODY, secret: current })).toBe(true);
    expect(verifyDispatchSignature({ header: only(dispatchPrevious), body: BODY, secret: previous })).toBe(true);

    for (const secret of [current, previous]) {
      expect(standardWebhooks(secret, BODY, headers)).toBe('ok');
      expect(plainHmacCheck(headers['x-dispatch-signature'], BODY, secret)).toBe(true);
      expect(verifyDispatchSignature({ header: headers['x-dispatch-signature'], body: BODY, secret })).toBe(true);
    }
    expect(standardWebhooks(unrelated, BODY, headers)).toBe('No matching signature found');
    expect(plainHmacCheck(headers['x-dispatch-signature'], BODY, unrelated)).toBe(false);
    expect(verifyDispatchSignature({ header: headers['x-dispatch-signature'], body: BODY, secret: unrelated })).toBe(false);
  });

  it('refuses to produce an unsigned or unverifiable delivery', () => {
    const base = { messageId: MESSAGE_ID, body: BODY, timestamp: new Date() };
    expect(() => signDelivery({ ...base, secrets: [] })).toThrow(/at least one/);
    expect(() => signDelivery({ ...base, secrets: ['whsec_!!!'] })).toThrow();
    expect(() => signDelivery({ ...base, secrets: [newSigningSecret(), 'not-a-secret'] })).toThrow();
    expect(() => signDelivery({ ...base, secrets: [newSigningSecret()], timestamp: new Date(Number.NaN) })).toThrow();
  });

  it('signs the UTF-8 bytes that go on the wire', () => {
    // A lone surrogate cannot be sent as UTF-8; it travels as U+FFFD, and that is what verifies.
    const secret = newSigningSecret();
    const timestamp = new Date();
    const headers = signDelivery({ messageId: MESSAGE_ID, body: 'a\uD800b', secrets: [secret], timestamp });
    const received = Buffer.from('a\uD800b', 'utf8').toString('utf8');
    expect(received).toBe('a\uFFFDb');
    expect(verifyDispatchSignature({ header: headers['x-dispatch-signature'], body: received, secret, now: timestamp })).toBe(true);
    expect(standardWebhooks(secret, received, headers)).toBe('ok');
  });
});

describe('verifyDispatchSignature', () => {
  const secret = newSigningSecret();
  const signedAt = new Date(Date.UTC(2026, 5, 13, 9, 30, 0, 4));
  const t = unixSeconds(signedAt);
  const header = signDelivery({ messageId: MESSAGE_ID, body: BODY, secrets: [secret], timestamp: signedAt })['x-dispatch-signature'];
  const hex = header.split(',v1=')[1];
  const verify = (overrides: Partial<Parameters<typeof verifyDispatchSignature>[0]>) =>
    verifyDispatchSignature({ header, body: BODY, secret, now: signedAt, ...overrides });

  it('accepts up to toleranceSeconds either side of t, in whole seconds', () => {
    const at = (seconds: number) => new Date(seconds * 1000);
    expect(verify({ now: at(t + 300) })).toBe(true);
    expect(verify({ now: new Date((t + 300) * 1000 + 999) })).toBe(true);
    expect(verify({ now: at(t + 301) })).toBe(false);
    expect(verify({ now: at(t - 300) })).toBe(true);
    expect(verify({ now: at(t - 301) })).toBe(false);
    expect(verify({ now: at(t + 3600), toleranceSeconds: 3600 })).toBe(true);
    expect(verify({ now: at(t + 1), toleranceSeconds: 0 })).toBe(false);
    expect(verify({ now: at(t), toleranceSeconds: 0 })).toBe(true);
  });

  it('fails closed on bad clocks and tolerances', () => {
    expect(verify({ now: new Date(Number.NaN) })).toBe(false);
    expect(verify({ toleranceSeconds: Number.NaN })).toBe(false);
    expect(verify({ toleranceSeconds: -1 })).toBe(false);
  });

  it('returns false, never throws, for malformed headers and secrets', () => {
    const malformed = [
      undefined,
      '',
      `t=${t}`,
      `v1=${hex}`,
      `t=${t},v1=${hex.toUpperCase()}`,
      `t=${t},v1=${hex.slice(1)}`,
      `t=${t},v1=${hex}0`,
      `t=${t},t=${t},v1=${hex}`,
      `t=0${t},v1=${hex}`,
      `t=+${t},v1=${hex}`,
      `t=${t}.0,v1=${hex}`,
      `t=${t},v0=${hex}`,
      `t=${t}`.padEnd(10_000, ','),
    ];
    for (const bad of malformed) expect(verify({ header: bad })).toBe(false);
    expect(verify({ header: `t=${t},v2=x,junk,v1=${hex}` })).toBe(true); // unknown entries are ignored
    expect(verify({ header: ` t=${t} , v1=${hex} ` })).toBe(true);
    for (const bad of ['whsec_!!!', secret.slice('whsec_'.length), '']) expect(verify({ secret: bad })).toBe(false);
  });
});

describe('properties', () => {
  it('verify(sign(x)) holds for arbitrary bodies, secrets, ids and timestamps', () => {
    fc.assert(
      fc.property(bodyArb, secretArb, fc.uuid(), timestampArb, fc.integer({ min: -300_000, max: 300_999 }), (body, secret, messageId, timestamp, skewMs) => {
        const headers = signDelivery({ messageId, body, secrets: [secret], timestamp });
        const now = new Date(unixSeconds(timestamp) * 1000 + skewMs);
        expect(verifyDispatchSignature({ header: headers['x-dispatch-signature'], body, secret, now })).toBe(true);
        expect(plainHmacCheck(headers['x-dispatch-signature'], body, secret)).toBe(true);
        expect(headers['webhook-signature']).toBe(new Webhook(secret).sign(messageId, timestamp, body));
      }),
    );
  });

  it('standardwebhooks verifies arbitrary bodies and secrets signed within the last five minutes', () => {
    fc.assert(
      fc.property(bodyArb, secretArb, fc.uuid(), fc.integer({ min: 0, max: 290_000 }), (body, secret, messageId, ageMs) => {
        const headers = signDelivery({ messageId, body, secrets: [secret], timestamp: new Date(Date.now() - ageMs) });
        expect(standardWebhooks(secret, body, headers)).toBe('ok');
      }),
    );
  });

  it('any different body fails every check', () => {
    fc.assert(
      fc.property(tamperedArb, secretArb, fc.uuid(), ([body, tampered], secret, messageId) => {
        const timestamp = new Date();
        const headers = signDelivery({ messageId, body, secrets: [secret], timestamp });
        expect(verifyDispatchSignature({ header: headers['x-dispatch-signature'], body: tampered, secret, now: timestamp })).toBe(false);
        expect(plainHmacCheck(headers['x-dispatch-signature'], tampered, secret)).toBe(false);
        expect(standardWebhooks(secret, tampered, headers)).toBe('No matching signature found');
      }),
    );
  });

  it('a timestamp outside the tolerance fails, however valid the signature', () => {
    fc.assert(
      fc.property(bodyArb, secretArb, timestampArb, fc.integer({ min: 301_000, max: 10 ** 10 }), fc.boolean(), (body, secret, timestamp, offsetMs, future) => {
        const header = signDelivery({ messageId: MESSAGE_ID, body, secrets: [secret], timestamp })['x-dispatch-signature'];
        const base = unixSeconds(timestamp) * 1000;
        expect(verifyDispatchSignature({ header, body, secret, now: timestamp })).toBe(true);
        expect(verifyDispatchSignature({ header, body, secret, now: new Date(future ? base - offsetMs : base + offsetMs) })).toBe(false);
      }),
    );
    fc.assert(
      fc.property(bodyArb, secretArb, fc.integer({ min: 301_000, max: 10 ** 10 }), (body, secret, ageMs) => {
        const headers = signDelivery({ messageId: MESSAGE_ID, body, secrets: [secret], timestamp: new Date(Date.now() - ageMs) });
        expect(standardWebhooks(secret, body, headers)).toBe('Message timestamp too old');
        expect(verifyDispatchSignature({ header: headers['x-dispatch-signature'], body, secret })).toBe(false);
      }),
    );
  });

  it('a custom tolerance is honoured to the second', () => {
    fc.assert(
      fc.property(secretArb, timestampArb, fc.nat({ max: 86_400 }), fc.nat({ max: 100_000 }), (secret, timestamp, toleranceSeconds, ageSeconds) => {
        const header = signDelivery({ messageId: MESSAGE_ID, body: BODY, secrets: [secret], timestamp })['x-dispatch-signature'];
        const now = new Date((unixSeconds(timestamp) + ageSeconds) * 1000);
        expect(verifyDispatchSignature({ header, body: BODY, secret, now, toleranceSeconds })).toBe(ageSeconds <= toleranceSeconds);
      }),
    );
  });

  it('changing any one character of either signature header fails verification', () => {
    fc.assert(
      fc.property(bodyArb, secretArb, fc.nat(), replacementArb, (body, secret, index, replacement) => {
        const timestamp = new Date();
        const headers = signDelivery({ messageId: MESSAGE_ID, body, secrets: [secret], timestamp });
        const flip = (value: string) => {
          const at = index % value.length;
          return value.slice(0, at) + (value[at] === replacement ? (replacement === 'a' ? 'b' : 'a') : replacement) + value.slice(at + 1);
        };
        const dispatch = flip(headers['x-dispatch-signature']);
        const standard = flip(headers['webhook-signature']);
        expect(dispatch).not.toBe(headers['x-dispatch-signature']);
        expect(verifyDispatchSignature({ header: dispatch, body, secret, now: timestamp })).toBe(false);
        expect(standardWebhooks(secret, body, { ...headers, 'webhook-signature': standard })).toBe('No matching signature found');
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.option(fc.string(), { nil: undefined }), fc.string(), fc.string(), fc.option(fc.double(), { nil: undefined }), (header, body, secret, toleranceSeconds) => {
        expect(verifyDispatchSignature({ header, body, secret, toleranceSeconds })).toBe(false);
      }),
    );
  });
});
