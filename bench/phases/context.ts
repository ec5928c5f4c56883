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
  /**
   * Starts a named stretch of a phase (creating, firing…); calling the result ends it, with
   * the number of jobs the stretch handled (its costs are also reported per job). Each
   * stretch records the CPU every process used in it and is a window of the profile summary.
   */
  segment(name: string): Promise<(jobs?: number) => Promise<void>>;
  /**
   * Stops the service (SIGTERM), waits `downtimeMs`, starts a new one on the same database
   * (without a profile) and resolves with when it was started and when it first answered
   * /healthz 200 (epoch ms). `service` is the new one from then on.
   */
  restartService(downtimeMs: number): Promise<{ startedAt: number; healthyAt: number }>;
  log(line: string): void;
}

/** Resolves at `epochMs` (at once if that has passed). */
export const sleepUntil = (epochMs: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, epochMs - Date.now())));

/** The firing stretch of a phase starts this long before its first job is due: its claim is two seconds ahead. */
export const FIRE_SEGMENT_LEAD_MS = 3_000;

/** How long creating `count` jobs should take at the rate seen so far, with a margin, ms. */
export const creationBudgetMs = (ctx: PhaseContext, count: number): number => Math.ceil((count / (ctx.createRate * 0.75)) * 1000) + 1_000;
