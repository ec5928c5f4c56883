import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { parseFireAt, parsePayload, parseWebhookUrl } from '../../src/domain/validation.js';

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

describe('webhookUrl and payload', () => {
  it('accepts http and https only, without credentials', () => {
    expect(parseWebhookUrl('https://example.com/x?y=1')).toBe('https://example.com/x?y=1');
    expect(() => parseWebhookUrl('file:///etc/passwd')).toThrow(/http or https/);
    expect(() => parseWebhookUrl('https://user:pw@example.com/')).toThrow(/credentials/);
  });

  it('wants an object payload', () => {
    expect(parsePayload(undefined)).toEqual({});
    expect(parsePayload({ a: 1 })).toEqual({ a: 1 });
    expect(() => parsePayload([1])).toThrow(/payload/);
    expect(() => parsePayload('x')).toThrow(/payload/);
  });
});
