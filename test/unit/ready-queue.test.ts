import { describe, expect, it } from 'vitest';
import { ReadyQueue } from '../../src/scheduler/ready-queue.js';

const ids = (taken: Array<{ id: string }>) => taken.map(({ id }) => id);

describe('ReadyQueue', () => {
  it('keeps each origin within its slots, in due order, and lets others through meanwhile', () => {
    const queue = new ReadyQueue<{ id: string; origin: string }>(2, 10);
    for (const id of ['a1', 'a2', 'a3', 'a4']) queue.add({ id, origin: 'https://a' });
    queue.add({ id: 'b1', origin: 'https://b' });
    expect(ids(queue.take(10))).toEqual(['a1', 'a2', 'b1']);
    expect(queue.take(10)).toEqual([]);
    expect({ size: queue.size, inFlight: queue.inFlight }).toEqual({ size: 2, inFlight: 3 });
    queue.release('https://a');
    expect(ids(queue.take(10))).toEqual(['a3']);
  });

  it('never has more than `total` in flight, and serves origins in turn', () => {
    const queue = new ReadyQueue<{ id: string; origin: string }>(10, 3);
    for (const id of ['a1', 'a2', 'a3']) queue.add({ id, origin: 'a' });
    for (const id of ['b1', 'b2']) queue.add({ id, origin: 'b' });
    expect(ids(queue.take(10))).toEqual(['a1', 'a2', 'a3']);
    queue.release('a');
    // a was served last time: b goes first now.
    expect(ids(queue.take(10))).toEqual(['b1']);
    queue.release('a');
    queue.release('a');
    expect(ids(queue.take(1))).toEqual(['b2']);
  });

  it('takes at most `max` at a time', () => {
    const queue = new ReadyQueue<{ id: string; origin: string }>(100, 100);
    for (let i = 0; i < 5; i++) queue.add({ id: `a${i}`, origin: 'a' });
    expect(ids(queue.take(2))).toEqual(['a0', 'a1']);
    expect(ids(queue.take(2))).toEqual(['a2', 'a3']);
  });

  it('puts back what could not be started, first in line, and frees its slots', () => {
    const queue = new ReadyQueue<{ id: string; origin: string }>(2, 10);
    for (const id of ['a1', 'a2', 'a3']) queue.add({ id, origin: 'a' });
    const taken = queue.take(10);
    expect(ids(taken)).toEqual(['a1', 'a2']);
    queue.putBack(taken);
    expect({ size: queue.size, inFlight: queue.inFlight }).toEqual({ size: 3, inFlight: 0 });
    expect(ids(queue.take(10))).toEqual(['a1', 'a2']);
  });

  it('forgets waiting ids on clear but keeps counting what is in flight', () => {
    const queue = new ReadyQueue<{ id: string; origin: string }>(1, 10);
    queue.add({ id: 'a1', origin: 'a' });
    queue.add({ id: 'a2', origin: 'a' });
    queue.take(10);
    queue.clear();
    expect({ size: queue.size, inFlight: queue.inFlight }).toEqual({ size: 0, inFlight: 1 });
    queue.release('a');
    expect(queue.inFlight).toBe(0);
  });
});
