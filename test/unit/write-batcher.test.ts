import { expect, it } from 'vitest';
import { WriteBatcher } from '../../src/db/write-batcher.js';

/** A writeMany that records each batch and finishes when told to. */
function recorder(fail: (input: string) => boolean = () => false) {
  const batches: string[][] = [];
  const finish: Array<() => void> = [];
  const writeMany = (inputs: string[]) =>
    new Promise<string[]>((resolve, reject) => {
      batches.push(inputs);
      finish.push(() => (inputs.some(fail) ? reject(new Error(`bad batch ${inputs.join(',')}`)) : resolve(inputs.map((input) => input.toUpperCase()))));
    });
  return { batches, writeMany, finishAll: () => finish.splice(0).forEach((done) => done()) };
}
const tick = () => new Promise((resolve) => setImmediate(resolve));
const options = { parallel: 2, maxItems: 100, maxSize: 1_000, size: (input: string) => input.length, retryAlone: (error: unknown) => String(error).includes('bad batch') };

it('writes a lone call at once, and gathers calls that arrive meanwhile into the next batches', async () => {
  const { batches, writeMany, finishAll } = recorder();
  const batcher = new WriteBatcher(writeMany, options);
  const first = batcher.write('a');
  expect(batches).toEqual([['a']]);
  const second = batcher.write('b');
  expect(batches).toEqual([['a'], ['b']]);
  const rest = ['c', 'd', 'e'].map((input) => batcher.write(input));
  expect(batches).toHaveLength(2);
  finishAll();
  expect(await first).toBe('A');
  expect(await second).toBe('B');
  await tick();
  expect(batches[2]).toEqual(['c', 'd', 'e']);
  finishAll();
  expect(await Promise.all(rest)).toEqual(['C', 'D', 'E']);
});

it('splits a batch by count and by size, and sends an oversized input alone', async () => {
  const { batches, writeMany, finishAll } = recorder();
  const batcher = new WriteBatcher(writeMany, { ...options, parallel: 1, maxItems: 3, maxSize: 10 });
  const all = [batcher.write('x'), ...['1', '2', '3', '4'].map((input) => batcher.write(input)), batcher.write('y'.repeat(8)), batcher.write('z'.repeat(20)), batcher.write('w')];
  for (let i = 0; i < 6; i++) {
    finishAll();
    await tick();
  }
  await Promise.all(all);
  expect(batches).toEqual([['x'], ['1', '2', '3'], ['4', 'y'.repeat(8)], ['z'.repeat(20)], ['w']]);
});

it('a failing batch is retried one by one, so only the bad input fails', async () => {
  const { batches, writeMany, finishAll } = recorder((input) => input === 'bad');
  const batcher = new WriteBatcher(writeMany, { ...options, parallel: 1 });
  const first = batcher.write('first');
  const others = ['ok1', 'bad', 'ok2'].map((input) => batcher.write(input).then((output) => ({ output }), (error: Error) => ({ error: error.message })));
  finishAll();
  await first;
  await tick();
  finishAll(); // the batch ok1, bad, ok2 fails
  await tick();
  finishAll(); // each on its own
  expect(await Promise.all(others)).toEqual([{ output: 'OK1' }, { error: 'bad batch bad' }, { output: 'OK2' }]);
  expect(batches.slice(1)).toEqual([['ok1', 'bad', 'ok2'], ['ok1'], ['bad'], ['ok2']]);
});

it('an error that is not about the data goes to every caller of the batch, with no retry', async () => {
  const batches: string[][] = [];
  const batcher = new WriteBatcher<string, string>(async (inputs) => {
    batches.push(inputs);
    await tick();
    throw new Error('connection lost');
  }, { ...options, parallel: 1 });
  const results = await Promise.allSettled(['a', 'b', 'c'].map((input) => batcher.write(input)));
  expect(results.map((result) => result.status === 'rejected' && (result.reason as Error).message)).toEqual(['connection lost', 'connection lost', 'connection lost']);
  expect(batches).toEqual([['a'], ['b', 'c']]);
});

it('with minIntervalMs, a batch starts no sooner than that after the one before, and carries every write made meanwhile', async () => {
  const { batches, writeMany, finishAll } = recorder();
  const batcher = new WriteBatcher(writeMany, { ...options, parallel: 4, minIntervalMs: 40 });
  const first = batcher.write('a');
  expect(batches).toEqual([['a']]);
  const rest = ['b', 'c', 'd'].map((input) => batcher.write(input));
  await new Promise((resolve) => setTimeout(resolve, 10));
  // Slots are free (parallel 4), but the interval has not passed.
  expect(batches).toEqual([['a']]);
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(batches).toEqual([['a'], ['b', 'c', 'd']]);
  finishAll();
  expect(await first).toBe('A');
  expect(await Promise.all(rest)).toEqual(['B', 'C', 'D']);
});
