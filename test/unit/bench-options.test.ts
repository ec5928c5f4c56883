import { expect, it } from 'vitest';
import { DEFAULT_OPTIONS, optionsFromEnv } from '../../bench/options.js';

const log = () => undefined;

it('defaults are the full benchmark', () => {
  const { log: _log, ...options } = optionsFromEnv({}, log);
  expect(options).toEqual(DEFAULT_OPTIONS);
});

it('reads sizes, phases and node flags from BENCH_* variables', () => {
  const options = optionsFromEnv({ BENCH_ONLY: 'burst, rest', BENCH_BURST: '200', BENCH_BURST_LEAD: '5s', BENCH_SECONDS: '2', BENCH_NODE_ARGS: ' --max-semi-space-size=4  --heap-growing-percent=20 ' }, log);
  expect(options.only).toEqual(['rest', 'burst']);
  expect(options.burstJobs).toBe(200);
  expect(options.burstLeadMs).toBe(5_000);
  expect(options.steadyDurationMs).toBe(2_000);
  expect(options.serviceNodeArgs).toEqual(['--max-semi-space-size=4', '--heap-growing-percent=20']);
});

it('a bad value throws naming the variable', () => {
  expect(() => optionsFromEnv({ BENCH_BURST: 'many' }, log)).toThrow(/^BENCH_BURST: must be an integer/);
  expect(() => optionsFromEnv({ BENCH_ONLY: 'rest,fast' }, log)).toThrow(/BENCH_ONLY: "fast" is not one of/);
  expect(() => optionsFromEnv({ BENCH_BURST_LEAD: 'soon' }, log)).toThrow(/BENCH_BURST_LEAD: must be a duration/);
  expect(() => optionsFromEnv({ BENCH_AGENDA: 'redis' }, log)).toThrow(/^BENCH_AGENDA: must be one of postgres, mongo/);
});

it('BENCH_AGENDA chooses where Agenda keeps its window jobs', () => {
  expect(optionsFromEnv({}, log).agenda).toBe('postgres');
  expect(optionsFromEnv({ BENCH_AGENDA: 'mongo' }, log).agenda).toBe('mongo');
});

it('BENCH_WORKERS adds firing-only processes (0 by default), a whole number', () => {
  expect(optionsFromEnv({}, log).workers).toBe(0);
  expect(optionsFromEnv({ BENCH_WORKERS: '2' }, log).workers).toBe(2);
  expect(() => optionsFromEnv({ BENCH_WORKERS: '-1' }, log)).toThrow(/^BENCH_WORKERS: must be an integer of at least 0/);
});
