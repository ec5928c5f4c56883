import type pg from 'pg';
import type { BenchAccount } from '../account.js';
import type { BenchOptions } from '../options.js';
import type { Receiver } from '../receiver.js';
import type { BenchService } from '../service.js';

/** What every phase gets from the harness. */
export interface PhaseContext {
  options: BenchOptions;
  service: BenchService;
  account: BenchAccount;
  receiver: Receiver;
  /** The service's database, for reading what it recorded. */
  db: pg.Client;
  /**
   * Jobs per second the service has been seen to create; phases that create jobs ahead use
   * it to plan how far ahead they must be due, and update it.
   */
  createRate: number;
  /** Names a stretch of time (monotonic µs, the CPU profile's clock) for the profile summary. */
  mark(name: string, startUs: number, endUs: number): void;
  log(line: string): void;
}

/** Monotonic microseconds: the clock V8 CPU profiles use, shared by every process on the machine. */
export const monotonicUs = (): number => Number(process.hrtime.bigint() / 1000n);

/** How long creating `count` jobs should take at the rate seen so far, with a margin, ms. */
export const creationBudgetMs = (ctx: PhaseContext, count: number): number => Math.ceil((count / (ctx.createRate * 0.75)) * 1000) + 1_000;
