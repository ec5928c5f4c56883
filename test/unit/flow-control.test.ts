/**
 * The gate's arithmetic (what may start, why not, when to look again), the latency
 * percentile of the health histogram, Retry-After parsing, and the per-endpoint pass
 * loops: fixed cases plus a property that a bucket never lets more through than its
 * rate and burst allow over any stretch of passes.
 */
import fc from 'fast-check';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../src/delivery/webhook-client.js';
import { latencyPercentile, LATENCY_BUCKETS_MS } from '../../src/domain/endpoints/endpoint-stats.js';
import { stateOf } from '../../src/domain/endpoints/endpoint.service.js';
import { allowance, defaultBurst, describeHold, MIN_PASS_INTERVAL_MS, type GateState } from '../../src/domain/endpoints/flow-control.js';
import { EndpointDrains } from '../../src/scheduler/endpoint-drains.js';

const open: GateState = { paused: false, breakerOpen: false, probeAt: null, retryAfterUntil: null, rateLimit: null, burst: null, parallelism: null, tokens: null, tokensAt: null };
const now = new Date('2026-12-01T12:00:00.000Z');
const later = (ms: number) => new Date(now.getTime() + ms);

describe('allowance', () => {
  it('no limit: as many as the process has room for', () => {
    expect(allowance(open, now, 0, 1_000)).toMatchObject({ starts: 1_000, reason: null });
  });

  it('paused holds everything, with no time to look again', () => {
    expect(allowance({ ...open, paused: true, rateLimit: 5 }, now, 0, 10)).toEqual({ starts: 0, reason: 'endpoint paused', retryInMs: null, tokens: null });
  });

  it('Retry-After holds everything until it passes', () => {
    expect(allowance({ ...open, retryAfterUntil: later(2_500) }, now, 0, 10)).toMatchObject({ starts: 0, reason: 'receiver Retry-After', retryInMs: 2_500 });
    expect(allowance({ ...open, retryAfterUntil: later(-1) }, now, 0, 10)).toMatchObject({ starts: 10, reason: null });
  });

  it('an open breaker holds everything until its probe time, then lets one probe through at a time', () => {
    expect(allowance({ ...open, breakerOpen: true, probeAt: later(30_000) }, now, 0, 10)).toMatchObject({ starts: 0, reason: 'endpoint circuit open', retryInMs: 30_000 });
    expect(allowance({ ...open, breakerOpen: true, probeAt: later(-1) }, now, 0, 10)).toMatchObject({ starts: 1, reason: 'endpoint circuit open' });
    expect(allowance({ ...open, breakerOpen: true, probeAt: later(-1) }, now, 1, 10)).toMatchObject({ starts: 0, reason: 'endpoint circuit open' });
  });

  it('parallelism counts the attempts in flight everywhere', () => {
    expect(allowance({ ...open, parallelism: 4 }, now, 1, 10)).toMatchObject({ starts: 3, reason: 'endpoint parallelism' });
    expect(allowance({ ...open, parallelism: 4 }, now, 6, 10)).toMatchObject({ starts: 0, reason: 'endpoint parallelism' });
    // Room is smaller: the process's own slots bind, not the endpoint.
    expect(allowance({ ...open, parallelism: 4 }, now, 0, 2)).toMatchObject({ starts: 2, reason: null });
  });

  it('a rate limit: a full bucket of `burst` first, then refills at the rate', () => {
    expect(defaultBurst(0.5)).toBe(1);
    expect(defaultBurst(20)).toBe(20);
    expect(allowance({ ...open, rateLimit: 10 }, now, 0, 100)).toMatchObject({ starts: 10, reason: 'endpoint rate limit', tokens: 10 });
    const empty = { ...open, rateLimit: 10, tokens: 0, tokensAt: now };
    expect(allowance(empty, later(250), 0, 100)).toMatchObject({ starts: 2, tokens: 2.5 });
    // Half a token left: the next whole one is 50 ms away.
    expect(allowance({ ...empty, tokens: 0.5 }, now, 0, 100)).toMatchObject({ starts: 0, retryInMs: 50 });
    expect(allowance({ ...empty, rateLimit: 1, tokens: 0.25 }, now, 0, 100)).toMatchObject({ starts: 0, retryInMs: 750 });
    // The wait is never shorter than a pass interval.
    expect(allowance({ ...empty, rateLimit: 1_000, tokens: 0.99 }, now, 0, 100).retryInMs).toBe(MIN_PASS_INTERVAL_MS);
    // A long quiet spell fills the bucket only up to the burst.
    expect(allowance({ ...empty, burst: 3 }, later(60_000), 0, 100)).toMatchObject({ starts: 3, tokens: 3 });
  });

  it('the tightest limit wins and names the reason', () => {
    expect(allowance({ ...open, rateLimit: 100, parallelism: 2 }, now, 0, 50)).toMatchObject({ starts: 2, reason: 'endpoint parallelism' });
    expect(allowance({ ...open, rateLimit: 1, parallelism: 20 }, now, 0, 50)).toMatchObject({ starts: 1, reason: 'endpoint rate limit' });
  });

  it('property: over any run of passes a bucket lets through at most burst + rate × elapsed', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 500, noNaN: true }),
        fc.integer({ min: 1, max: 50 }),
        fc.array(fc.integer({ min: 0, max: 2_000 }), { minLength: 1, maxLength: 60 }),
        (rateLimit, burst, gaps) => {
          let state: GateState = { ...open, rateLimit, burst };
          let at = now.getTime();
          let started = 0;
          for (const gap of gaps) {
            at += gap;
            const allowed = allowance(state, new Date(at), 0, 10_000);
            started += allowed.starts;
            state = { ...state, tokens: allowed.tokens! - allowed.starts, tokensAt: new Date(at) };
            expect(state.tokens).toBeGreaterThanOrEqual(-1e-6);
          }
          const elapsed = (at - now.getTime()) / 1000;
          expect(started).toBeLessThanOrEqual(burst + rateLimit * elapsed + 1e-6);
        },
      ),
    );
  });
});

describe('state and hold', () => {
  it('PAUSED over everything; OPEN until the probe time, HALF_OPEN after', () => {
    expect(stateOf({ paused: true, breakerOpen: true, probeAt: later(1_000) }, now.getTime())).toBe('PAUSED');
    expect(stateOf({ paused: false, breakerOpen: false, probeAt: null }, now.getTime())).toBe('CLOSED');
    expect(stateOf({ paused: false, breakerOpen: true, probeAt: later(1_000) }, now.getTime())).toBe('OPEN');
    expect(stateOf({ paused: false, breakerOpen: true, probeAt: later(-1) }, now.getTime())).toBe('HALF_OPEN');
  });

  it('the hold reads as a sentence', () => {
    expect(describeHold({ heldMs: 3_240, heldReason: 'endpoint rate limit' })).toEqual({ ms: 3_240, reason: 'endpoint rate limit', message: 'held by endpoint rate limit for 3.2 s' });
    expect(describeHold({ heldMs: 125_000, heldReason: 'endpoint paused' })!.message).toBe('held by endpoint paused for 125 s');
    expect(describeHold({ heldMs: null, heldReason: null })).toBeNull();
  });
});

describe('latency percentiles', () => {
  const buckets = (counts: Record<number, number>) => LATENCY_BUCKETS_MS.concat([Infinity]).map((_, i) => counts[i] ?? 0);

  it('interpolates inside the bucket where the rank falls', () => {
    // 100 attempts between 50 and 100 ms.
    expect(latencyPercentile(buckets({ 4: 100 }), 0.5)).toBe(75);
    expect(latencyPercentile(buckets({ 4: 100 }), 0.95)).toBe(98);
    // 90 fast, 10 slow: p50 fast, p95 in the slow bucket.
    expect(latencyPercentile(buckets({ 0: 90, 7: 10 }), 0.5)).toBeLessThanOrEqual(5);
    expect(latencyPercentile(buckets({ 0: 90, 7: 10 }), 0.95)).toBe(750);
  });

  it('the overflow bucket reports its lower bound; no attempts, null', () => {
    expect(latencyPercentile(buckets({ 12: 3 }), 0.5)).toBe(30_000);
    expect(latencyPercentile(buckets({}), 0.5)).toBeNull();
    expect(latencyPercentile([], 0.5)).toBeNull();
  });
});

describe('Retry-After', () => {
  const at = Date.parse('2026-12-01T12:00:00Z');
  it.each([
    ['120', 120_000],
    ['0', 0],
    ['Tue, 01 Dec 2026 12:00:30 GMT', 30_000],
    ['Tue, 01 Dec 2026 11:00:00 GMT', 0],
    ['soon', null],
    ['-5', null],
    ['1.5', null],
    ['', null],
  ])('%j → %s', (header, ms) => {
    expect(parseRetryAfter(header, at)).toBe(ms);
  });
  it('absent, or the first of several', () => {
    expect(parseRetryAfter(undefined, at)).toBeNull();
    expect(parseRetryAfter(['5', '9'], at)).toBe(5_000);
  });
});

describe('pass loops', () => {
  const log = pino({ level: 'silent' });
  const tick = () => new Promise((r) => setTimeout(r, 0));

  it('one pass at a time per endpoint; asked again meanwhile, one more follows', async () => {
    let running = 0;
    let maxRunning = 0;
    let passes = 0;
    const release: Array<() => void> = [];
    const drains = new EndpointDrains(async () => {
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      passes += 1;
      await new Promise<void>((r) => release.push(r));
      running -= 1;
      return { retryInMs: null, reason: null };
    }, log);
    drains.kick('e1', 'http://a', 'due');
    drains.kick('e1', 'http://a', 'due');
    drains.kick('e1', 'http://a', 'changed');
    await tick();
    expect(passes).toBe(1);
    release.shift()!();
    await tick();
    expect(passes).toBe(2);
    release.shift()!();
    await tick();
    expect(passes).toBe(2);
    expect(maxRunning).toBe(1);
    expect(drains.size).toBe(0);
    drains.stop();
  });

  it('a planned pass is not brought forward by jobs coming due, but is by a change; an ended attempt matters only to parallelism', async () => {
    const reasons: Array<'endpoint rate limit' | 'endpoint parallelism'> = ['endpoint rate limit', 'endpoint parallelism'];
    let passes = 0;
    const drains = new EndpointDrains(async () => {
      passes += 1;
      return { retryInMs: 60_000, reason: reasons[Math.min(passes - 1, 1)] };
    }, log);
    drains.kick('e1', 'http://a', 'due');
    await tick();
    expect(passes).toBe(1);
    drains.kick('e1', 'http://a', 'due');
    drains.kick('e1', 'http://a', 'freed');
    await tick();
    expect(passes).toBe(1);
    drains.kick('e1', 'http://a', 'changed');
    await tick();
    expect(passes).toBe(2);
    // Now waiting for parallelism: an attempt ending is worth a pass.
    drains.kick('e1', 'http://a', 'freed');
    await tick();
    expect(passes).toBe(3);
    // Nothing waits for an endpoint without a loop.
    drains.kick('e2', 'http://b', 'freed');
    await tick();
    expect(passes).toBe(3);
    drains.stop();
  });

  it('a failed pass is tried again', async () => {
    let passes = 0;
    const drains = new EndpointDrains(async () => {
      passes += 1;
      if (passes === 1) throw new Error('database unreachable');
      return { retryInMs: null, reason: null };
    }, log);
    drains.kick('e1', 'http://a', 'due');
    await new Promise((r) => setTimeout(r, 1_200));
    expect(passes).toBe(2);
    drains.stop();
  });
});
