/** Why an endpoint's due jobs wait (shown on a job held by it: "held by endpoint rate limit for 3.2 s"). */
export type HoldReason = 'endpoint paused' | 'endpoint circuit open' | 'receiver Retry-After' | 'endpoint rate limit' | 'endpoint parallelism';

/** What the gate reads of an endpoint, under its row lock. */
export interface GateState {
  paused: boolean;
  breakerOpen: boolean;
  probeAt: Date | null;
  retryAfterUntil: Date | null;
  /** Deliveries per second. */
  rateLimit: number | null;
  burst: number | null;
  parallelism: number | null;
  /** The token bucket: what was left at `tokensAt` (null: full). */
  tokens: number | null;
  tokensAt: Date | null;
}

/** How many attempts may start now, and if fewer than are waiting, why and when to look again. */
export interface Allowance {
  starts: number;
  /** The limit that binds (null: only `room` does). */
  reason: HoldReason | null;
  /** How soon it is worth asking again should jobs still wait (null: not before the endpoint changes). */
  retryInMs: number | null;
  /** Tokens in the bucket now, before any start (null: no rate limit). */
  tokens: number | null;
}

/** How soon a gate held by parallelism (or a probe in flight) looks again when no local attempt has ended. */
export const PARALLELISM_POLL_MS = 200;
/** Passes closer together than this are one (one transaction): the cost of a limited endpoint stays flat with its rate. */
export const MIN_PASS_INTERVAL_MS = 50;

/** A rate's burst when none is set: one second's worth, at least one. */
export const defaultBurst = (rateLimit: number): number => Math.max(1, Math.ceil(rateLimit));

/**
 * The gate's arithmetic, the same for every instance (the state is the endpoint's row,
 * read under its lock): paused and Retry-After hold everything; an open breaker holds
 * everything until its probe time, then lets one probe through at a time (half-open);
 * parallelism counts the endpoint's FIRING attempts; the rate is a token bucket refilled
 * continuously up to the burst. `room` is what this process may start at all.
 */
export function allowance(state: GateState, now: Date, firing: number, room: number): Allowance {
  const at = now.getTime();
  if (state.paused) return { starts: 0, reason: 'endpoint paused', retryInMs: null, tokens: null };
  if (state.retryAfterUntil && state.retryAfterUntil.getTime() > at) {
    return { starts: 0, reason: 'receiver Retry-After', retryInMs: state.retryAfterUntil.getTime() - at, tokens: null };
  }
  if (state.breakerOpen && state.probeAt && state.probeAt.getTime() > at) {
    return { starts: 0, reason: 'endpoint circuit open', retryInMs: state.probeAt.getTime() - at, tokens: null };
  }
  const result: Allowance = { starts: Math.max(0, room), reason: null, retryInMs: MIN_PASS_INTERVAL_MS, tokens: null };
  const limit = (max: number, reason: HoldReason, retryInMs: number) => {
    if (max >= result.starts) return;
    Object.assign(result, { starts: Math.max(0, max), reason, retryInMs });
  };
  // Half-open: one probe at a time; its outcome closes the breaker or opens it again.
  if (state.breakerOpen) limit(firing > 0 ? 0 : 1, 'endpoint circuit open', PARALLELISM_POLL_MS);
  if (state.parallelism !== null) limit(state.parallelism - firing, 'endpoint parallelism', PARALLELISM_POLL_MS);
  if (state.rateLimit !== null) {
    result.tokens = bucket(state, at);
    limit(Math.floor(result.tokens + 1e-9), 'endpoint rate limit', untilToken(result.tokens, state.rateLimit));
  }
  return result;
}

/** How long until the bucket holds a whole token again. */
export function untilToken(tokens: number, rateLimit: number): number {
  return Math.max(MIN_PASS_INTERVAL_MS, ((1 - (tokens - Math.floor(tokens + 1e-9))) / rateLimit) * 1000);
}

/** The bucket's level now: what was left, plus the rate since, up to the burst. */
function bucket(state: GateState, at: number): number {
  const burst = state.burst ?? defaultBurst(state.rateLimit!);
  if (state.tokens === null || state.tokensAt === null) return burst;
  return Math.min(burst, state.tokens + (state.rateLimit! * Math.max(0, at - state.tokensAt.getTime())) / 1000);
}

/** How a job's last attempt was held back, as shown on the job: `held by endpoint rate limit for 3.2 s`. */
export function describeHold(job: { heldMs: number | null; heldReason: string | null }): { ms: number; reason: string; message: string } | null {
  if (job.heldMs === null || job.heldReason === null) return null;
  const seconds = job.heldMs / 1000;
  const shown = seconds < 10 ? seconds.toFixed(1) : Math.round(seconds).toLocaleString('en-US');
  return { ms: job.heldMs, reason: job.heldReason, message: `held by ${job.heldReason} for ${shown} s` };
}
