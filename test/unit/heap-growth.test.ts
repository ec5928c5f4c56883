import { expect, it } from 'vitest';
import { HEAP_GROWING_PERCENT, heapGrowingFlag } from '../../src/heap-growth.js';

it('sets the heap growing factor unless the operator chose one', () => {
  expect(heapGrowingFlag(undefined, [])).toBe(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  expect(heapGrowingFlag('--max-old-space-size=512', ['--import', 'tsx'])).toBe(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  expect(heapGrowingFlag('--max-old-space-size=512 --heap-growing-percent=100', [])).toBeNull();
  expect(heapGrowingFlag(undefined, ['--heap_growing_percent=30'])).toBeNull();
});
