import { describe, expect, it } from 'vitest';
import { uuidV7 } from '../../src/db/uuid-v7.js';
import { isUuid } from '../../src/domain/validation.js';

describe('uuidV7', () => {
  it('is a UUID of version 7 and variant RFC 9562 whose first 48 bits are the time', () => {
    const at = Date.UTC(2026, 11, 1, 12, 0, 0, 123);
    const id = uuidV7(at);
    expect(isUuid(id)).toBe(true);
    expect(id[14]).toBe('7');
    expect('89ab').toContain(id[19]);
    expect(parseInt(id.replaceAll('-', '').slice(0, 12), 16)).toBe(at);
  });

  it('sorts by time, and ids of the same millisecond differ', () => {
    const ids = [uuidV7(1_000), uuidV7(2_000), uuidV7(2_000), uuidV7(3_000)];
    expect([...ids].sort()).toEqual(ids.slice(0, 1).concat([...ids.slice(1, 3)].sort(), ids.slice(3)));
    expect(new Set(Array.from({ length: 10_000 }, () => uuidV7(5_000))).size).toBe(10_000);
  });
});
