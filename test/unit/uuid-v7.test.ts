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

  it('sorts in the order the ids were made: by time, and counting up within a millisecond (even if the clock steps back)', () => {
    const ids = [uuidV7(1_000), uuidV7(2_000), uuidV7(2_000), uuidV7(2_000), uuidV7(1_500), uuidV7(3_000)];
    expect([...ids].sort()).toEqual(ids);
    const many = Array.from({ length: 10_000 }, () => uuidV7(5_000));
    expect(new Set(many).size).toBe(10_000);
    expect([...many].sort()).toEqual(many);
  });
});
