/** The exact text of a member of a JSON document, for any document JSON.parse accepts. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rawJsonAt } from '../../src/transports/rest/raw-json.js';

/** JSON text with random spacing between tokens. */
function spaced(value: unknown, space: () => string): string {
  if (Array.isArray(value)) return `[${space()}${value.map((v) => spaced(v, space)).join(`${space()},${space()}`)}${space()}]`;
  if (value !== null && typeof value === 'object') {
    const members = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}${space()}:${space()}${spaced(v, space)}`);
    return `{${space()}${members.join(`${space()},${space()}`)}${space()}}`;
  }
  return JSON.stringify(value);
}

describe('rawJsonAt', () => {
  it('finds a member’s exact text wherever it is, with any spacing and escapes around it', () => {
    const spaces = fc.constantFrom('', ' ', '\n', '\t ', '  \r\n');
    fc.assert(
      fc.property(fc.jsonValue(), fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 4 }), fc.array(spaces, { minLength: 50, maxLength: 50 }), (payload, others, pads) => {
        let i = 0;
        const space = () => pads[i++ % pads.length];
        const { payload: _drop, ...rest } = others as Record<string, unknown>;
        const payloadText = spaced(payload, space);
        const text = `${space()}{${space()}"before":${spaced(rest, space)},${space()}"payload"${space()}:${space()}${payloadText}${space()},"after":${spaced(rest, space)}${space()}}${space()}`;
        expect(rawJsonAt(text, ['payload'])).toBe(payloadText);
        expect(JSON.parse(rawJsonAt(text, ['payload']) as string)).toEqual(JSON.parse(text).payload);
      }),
      { numRuns: 300 },
    );
  });

  it('yields the last of duplicate members, as JSON.parse does', () => {
    expect(rawJsonAt('{"payload":{"a":1},"payload": {"b" :2} }', ['payload'])).toBe('{"b" :2}');
  });

  it('walks into array elements, one entry each', () => {
    const text = '{"jobs":[{"payload":{"z":1,"a":2}}, {"title":"none"},{"payload":"{\\"not\\":\\"json\\"}"}],"payload":0}';
    expect(rawJsonAt(text, ['jobs', '*', 'payload'])).toEqual(['{"z":1,"a":2}', undefined, '"{\\"not\\":\\"json\\"}"']);
    expect(rawJsonAt('{"jobs":{}}', ['jobs', '*', 'payload'])).toBeUndefined();
    expect(rawJsonAt('[1]', ['payload'])).toBeUndefined();
    expect(rawJsonAt('{"a":"}{\\"payload\\":1"}', ['payload'])).toBeUndefined();
  });
});
