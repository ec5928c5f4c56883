import { describe, expect, it } from 'vitest';
import { checkedStream } from '../../src/domain/jobs/job-event-stream.js';
import { LocalJobEvents } from '../../src/domain/jobs/job-events.js';
import type { JobStatusChange } from '../../src/domain/jobs/job-status.js';

const change = (jobId: string): JobStatusChange =>
  ({ jobId, projectId: 'p', status: 'SCHEDULED', previousStatus: 'SCHEDULED', at: new Date() }) as unknown as JobStatusChange;

describe('a subscription whose checks take time', () => {
  it('keeps the changes published while its checks run, in order, filtered once they pass', async () => {
    const bus = new LocalJobEvents();
    let pass!: () => void;
    const checked = new Promise<void>((resolve) => (pass = resolve));
    const opening = checkedStream((listener) => bus.subscribe(listener), async () => {
      await checked;
      return (event: JobStatusChange) => event.jobId !== 'other';
    });
    bus.publish([change('a'), change('other'), change('b')]);
    pass();
    const stream = await opening;
    bus.publish([change('c')]);
    const seen: string[] = [];
    for (let i = 0; i < 3; i++) seen.push((await stream.next()).value.jobId);
    expect(seen).toEqual(['a', 'b', 'c']);
    await stream.return!();
    expect(bus.listenerCount).toBe(0);
  });

  it('leaves nothing listening when its checks refuse', async () => {
    const bus = new LocalJobEvents();
    await expect(checkedStream((listener) => bus.subscribe(listener), async () => {
      bus.publish([change('a')]);
      throw new Error('Job not found');
    })).rejects.toThrow('Job not found');
    expect(bus.listenerCount).toBe(0);
  });

  it('cuts off a subscriber that more than 10,000 changes outran while its checks ran, and stops listening', async () => {
    const bus = new LocalJobEvents();
    await expect(checkedStream((listener) => bus.subscribe(listener), async () => {
      bus.publish(Array.from({ length: 10_002 }, (_, i) => change(`j${i}`)));
      return () => true;
    })).rejects.toThrow('subscriber too slow: events dropped');
    expect(bus.listenerCount).toBe(0);
  });
});
