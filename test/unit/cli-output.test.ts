import { expect, it } from 'vitest';
import { attemptOf, eventLine, lamp } from '../../src/cli/output.js';
import type { JobStatusEvent } from '../../src/client/index.js';

it('a lamp is coloured by status only when colour is on', () => {
  expect(lamp('SUCCESS', true)).toBe('\u001b[32m●\u001b[0m SUCCESS  ');
  expect(lamp('FAILED', true)).toContain('\u001b[31m●');
  expect(lamp('SUCCESS', false)).toBe('● SUCCESS  ');
});

it('each transition says which attempt or retry it is about', () => {
  const event = (status: JobStatusEvent['status'], previousStatus: JobStatusEvent['previousStatus'], retryCount: number) => ({ status, previousStatus, retryCount });
  expect(attemptOf(event('SCHEDULED', null, 0))).toBe('created');
  expect(attemptOf(event('FIRING', 'SCHEDULED', 0))).toBe('attempt 1');
  expect(attemptOf(event('FAILED', 'FIRING', 0))).toBe('attempt 1');
  expect(attemptOf(event('SCHEDULED', 'FAILED', 1))).toBe('retry 1 armed');
  expect(attemptOf(event('FIRING', 'SCHEDULED', 1))).toBe('attempt 2');
  expect(attemptOf(event('DEAD', 'FAILED', 2))).toBe('after 3 attempts');
  const line = eventLine({ ...event('SUCCESS', 'FIRING', 1), jobId: 'j1', projectId: 'p', at: '2026-06-13T09:30:00.004Z', job: { title: 'Trial "expiry"' } } as JobStatusEvent, false);
  expect(line).toBe('09:30:00.004Z  ● SUCCESS    attempt 2           j1  "Trial \\"expiry\\""');
});
