import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { parseFireAt, parsePayload,
  RawJson, parseWebhookUrl } from '../../src/domain/validation.js';

const NOW = Date.parse('2026-06-12T08:00:00.000Z');

describe('fireAt', () => {
  it.each([
    ['2026-06-13T09:30:00Z', '2026-06-13T09:30:00.000Z'],
    ['2026-06-13T09:30Z', '2026-06-13T09:30:00.000Z'],
    ['2026-06-13T09:30:00.5Z', '2026-06-13T09:30:00.500Z'],
    ['2026-06-13T09:30:00.123456Z', '2026-06-13T09:30:00.123Z'],
    ['2028-02-29T00:00:00Z', '2028-02-29T00:00:00.000Z'],
  ])('accepts %s', (input, expected) => {
    expect(parseFireAt(input, NOW).toISOString()).toBe(expected);
  });

  it.each([
    '2026-06-13T09:30:00+05:30', '2026-06-13T09:30:00+00:00', '2026-06-13T09:30:00', '2026-06-13', '2026-06-13 09:30:00Z',
    '2026-02-29T00:00:00Z', '2026-06-13T24:00:00Z', '2026-06-13T09:60:00Z', 'tomorrow', '2026-06-12T08:00:00.000Z', '2026-06-12T07:59:59Z',
  ])('rejects %s', (input) => {
    expect(() => parseFireAt(input, NOW)).toThrow(AppError);
    try {
      parseFireAt(input, NOW);
    } catch (error) {
      expect((error as AppError).message).toContain('fireAt');
      expect((error as AppError).code).toBe('BAD_USER_INPUT');
    }
  });
});

describe('fireAt properties', () => {
  const future = fc.date({ min: new Date(NOW + 1), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true });
  const past = fc.date({ min: new Date('1970-01-01T00:00:00.000Z'), max: new Date(NOW), noInvalidDate: true });
  const rejects = (input: unknown, pattern: RegExp) => {
    try {
      parseFireAt(input, NOW);
    } catch (error) {
      return error instanceof AppError && error.code === 'BAD_USER_INPUT' && error.field === 'fireAt' && pattern.test(error.message);
    }
    return false;
  };

  it('reads back every future instant written in ISO 8601 UTC, to the millisecond', () => {
    fc.assert(fc.property(future, (date) => parseFireAt(date.toISOString(), NOW).getTime() === date.getTime()));
  });

  it('drops digits past the millisecond rather than rounding', () => {
    fc.assert(
      fc.property(future, fc.stringMatching(/^\d{1,6}$/), (date, extra) => {
        const written = date.toISOString().replace('Z', `${extra}Z`);
        return parseFireAt(written, NOW).getTime() === date.getTime();
      }),
    );
  });

  it('refuses every instant at or before now', () => {
    fc.assert(fc.property(past, (date) => rejects(date.toISOString(), /must be in the future/)));
  });

  it('refuses the same instants written with any UTC offset, or with none', () => {
    const offset = fc.tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
      .map(([sign, h, m]) => `${sign}${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
    fc.assert(fc.property(future, fc.oneof(offset, fc.constant('')), (date, suffix) => rejects(date.toISOString().replace('Z', suffix), /trailing Z/)));
  });

  it('answers any other value with a BAD_USER_INPUT naming fireAt, never another error', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.anything()), (value) => {
      try {
        parseFireAt(value, NOW);
        return typeof value === 'string' || value instanceof Date;
      } catch (error) {
        return error instanceof AppError && error.field === 'fireAt' && error.message.includes('fireAt');
      }
    }));
  });
});

describe('webhookUrl and payload', () => {
  it('accepts http and https only, without credentials', () => {
    expect(parseWebhookUrl('https://example.com/x?y=1')).toBe('https://example.com/x?y=1');
    expect(() => parseWebhookUrl('file:///etc/passwd')).toThrow(/http or https/);
    expect(() => parseWebhookUrl('https://user:pw@example.com/')).toThrow(/credentials/);
  });

  it('wants an object payload, and keeps the text it was given', () => {
    expect(parsePayload(undefined)).toEqual({ text: '{}', value: {} });
    expect(parsePayload({ a: 1 })).toEqual({ text: '{"a":1}', value: { a: 1 } });
    expect(parsePayload(new RawJson('{ "b": 1, "a": 2, "b": 3 }', { b: 3, a: 2 }))).toEqual({ text: '{ "b": 1, "a": 2, "b": 3 }', value: { b: 3, a: 2 } });
    expect(() => parsePayload(new RawJson('[1]', [1]))).toThrow(/payload must be a JSON object/);
    expect(() => parsePayload([1])).toThrow(/payload/);
    expect(() => parsePayload('x')).toThrow(/payload/);
  });
});
