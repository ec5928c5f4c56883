import type { Logger } from 'pino';
import type { HoldReason } from '../domain/endpoints/flow-control.js';

/** Why a gate pass is asked for. */
export type DrainCause =
  /** A job of the endpoint came due here: the next planned pass will take it. */
  | 'due'
  /** One of this process's attempts to the endpoint ended: worth a pass if the gate waits for attempts to end. */
  | 'freed'
  /** The endpoint's settings or breaker changed: a pass now. */
  | 'changed';

/** The outcome of one pass: how soon after it began to run the next (null: nothing waits), and why jobs wait. */
export interface DrainResult {
  retryInMs: number | null;
  reason: HoldReason | null;
}

interface Loop {
  origin: string;
  running: boolean;
  /** Asked for again while a pass ran: once it ends, another follows at once (for 'due', only if that pass found nothing waiting). */
  again: DrainCause | null;
  timer: NodeJS.Timeout | undefined;
  reason: HoldReason | null;
}

/** How soon a pass that failed (database unreachable) is tried again. */
const FAILED_PASS_RETRY_MS = 1_000;

/**
 * The gate passes this process runs: one loop per held-back endpoint with due jobs, each
 * pass planned for when the endpoint can next let something through (the next token, the
 * probe time, the end of a Retry-After) and never two at once for one endpoint. A loop
 * ends when no due job of its endpoint waits; a job coming due starts it again.
 */
export class EndpointDrains {
  private readonly loops = new Map<string, Loop>();
  private stopped = false;

  constructor(
    private readonly pass: (endpointId: string, origin: string) => Promise<DrainResult>,
    private readonly log: Logger,
  ) {}

  /** Endpoints with a loop here. */
  get size(): number {
    return this.loops.size;
  }

  kick(endpointId: string, origin: string, cause: DrainCause): void {
    if (this.stopped) return;
    let loop = this.loops.get(endpointId);
    if (!loop) {
      // Nothing of this endpoint waits here: an attempt ending frees nothing anyone waits for.
      if (cause === 'freed') return;
      loop = { origin, running: false, again: null, timer: undefined, reason: null };
      this.loops.set(endpointId, loop);
    } else if (cause === 'due' && loop.timer) {
      return;
    } else if (cause === 'freed' && !waitsForAttempts(loop.reason)) {
      return;
    }
    if (loop.running) {
      if (loop.again !== 'changed') loop.again = cause === 'due' && loop.again !== null ? loop.again : cause;
      return;
    }
    clearTimeout(loop.timer);
    loop.timer = undefined;
    void this.run(endpointId, loop);
  }

  private async run(endpointId: string, loop: Loop): Promise<void> {
    loop.running = true;
    // The next pass is timed from when this one began: a token due in 50 ms is due then,
    // however long this pass's transaction took.
    const began = performance.now();
    let result: DrainResult;
    try {
      result = await this.pass(endpointId, loop.origin);
    } catch (error) {
      this.log.warn({ err: error, endpointId }, 'endpoint gate pass failed; trying again');
      result = { retryInMs: FAILED_PASS_RETRY_MS, reason: loop.reason };
    }
    loop.running = false;
    loop.reason = result.reason;
    if (this.stopped) return;
    const again = loop.again;
    loop.again = null;
    if (again === 'changed' || again === 'freed' || (again === 'due' && result.retryInMs === null)) {
      void this.run(endpointId, loop);
      return;
    }
    if (result.retryInMs === null) {
      // Paused (or nothing due): the loop ends; a change or a job coming due starts it again.
      this.loops.delete(endpointId);
      return;
    }
    loop.timer = setTimeout(() => {
      loop.timer = undefined;
      this.kick(endpointId, loop.origin, 'changed');
    }, Math.max(0, result.retryInMs - (performance.now() - began)));
  }

  stop(): void {
    this.stopped = true;
    for (const loop of this.loops.values()) clearTimeout(loop.timer);
    this.loops.clear();
  }
}

/** Reasons an attempt ending here may lift; a rate limit or a pause is not one. */
const waitsForAttempts = (reason: HoldReason | null): boolean => reason === null || reason === 'endpoint parallelism' || reason === 'endpoint circuit open';
