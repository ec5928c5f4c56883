import { describe, expect, it } from 'vitest';
import { assertPath, changesAlong, TERMINAL_STATUSES, TRANSITIONS } from '../../src/domain/jobs/job-status.js';
import { retryDelayMs } from '../../src/scheduler/retry-policy.js';

describe('job lifecycle', () => {
  it('matches CONTRACT §7', () => {
    expect(TRANSITIONS).toEqual({
      SCHEDULED: ['FIRING', 'CANCELLED'], FIRING: ['SUCCESS', 'FAILED'], FAILED: ['SCHEDULED', 'DEAD'],
      SUCCESS: [], DEAD: [], CANCELLED: [],
    });
    expect(TERMINAL_STATUSES).toEqual(['SUCCESS', 'DEAD', 'CANCELLED']);
  });

  it('refuses illegal paths', () => {
    expect(() => assertPath(['FIRING', 'CANCELLED'])).toThrow(/FIRING → CANCELLED/);
    expect(() => assertPath(['SUCCESS', 'SCHEDULED'])).toThrow();
    expect(() => assertPath(['FIRING', 'FAILED', 'SCHEDULED'])).not.toThrow();
  });

  it('emits one change per step, retryCount rising on the re-arm only', () => {
    const at = new Date();
    const changes = changesAlong(['FIRING', 'FAILED', 'SCHEDULED'], { id: 'j', projectId: 'p', scheduleId: null, retryCount: 0 }, at, 1);
    expect(changes.map((c) => [c.previousStatus, c.status, c.retryCount])).toEqual([['FIRING', 'FAILED', 0], ['FAILED', 'SCHEDULED', 1]]);
  });
});

describe('retry policy', () => {
  it('follows RETRY_DELAYS, repeats the last, caps at RETRY_MAX_DELAY', () => {
    const delays = [30_000, 60_000];
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, delays, 300_000))).toEqual([30_000, 60_000, 60_000, 60_000]);
    expect(retryDelayMs(1, [600_000], 300_000)).toBe(300_000);
  });
});
