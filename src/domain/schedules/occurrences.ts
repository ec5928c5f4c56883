import { Cron } from 'croner';

/**
 * When a schedule's runs are due. Cron expressions are evaluated by croner in the
 * schedule's IANA time zone, with its DST rules (never hand-written here):
 * - a *fixed-time* expression (no wildcard or step in its second, minute and hour fields,
 *   e.g. `30 2 * * *` or `0 9,17 * * 1-5`) runs once on a wall-clock time that occurs twice
 *   (autumn fall-back: the first pass), and a time that does not exist (spring gap) runs at
 *   the first valid instant after the gap;
 * - an *interval* expression (`*\/15 * * * *`, `0 * * * *`) follows real time: it runs on
 *   both passes of a repeated hour and skips the times inside a gap.
 * This is how Vixie/Debian cron treat DST, and croner's `fixedTimeRule: 'no-wildcard'`.
 * `every` schedules are fixed real-time intervals from their anchor; zones do not apply.
 */
export type Timing =
  | { kind: 'cron'; cron: string; timezone: string; startAt: Date | null; endAt: Date | null }
  | { kind: 'every'; everyMs: number; anchor: Date; endAt: Date | null };

/** Parsed expressions, shared by every schedule with the same expression and zone. */
const compiled = new Map<string, Cron>();
const MAX_COMPILED = 10_000;

/** The croner job for an expression in a zone; throws (croner's message) when either is invalid. */
export function compileCron(cron: string, timezone: string): Cron {
  const key = `${timezone}\u0000${cron}`;
  let job = compiled.get(key);
  if (!job) {
    // No callback: croner only computes dates, it never arms a timer.
    job = new Cron(cron, { timezone, mode: '5-or-6-parts', fixedTimeRule: 'no-wildcard', legacyMode: true });
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    compiled.set(key, job);
  }
  return job;
}

/** The first occurrence strictly after `after`, or null when there is none (past endAt, or never). */
export function nextOccurrence(timing: Timing, after: Date): Date | null {
  let next: Date | null;
  if (timing.kind === 'every') {
    const anchor = timing.anchor.getTime();
    const steps = after.getTime() < anchor ? 0 : Math.floor((after.getTime() - anchor) / timing.everyMs) + 1;
    next = new Date(anchor + steps * timing.everyMs);
  } else {
    const from = timing.startAt && timing.startAt.getTime() > after.getTime() ? new Date(timing.startAt.getTime() - 1) : after;
    next = compileCron(timing.cron, timing.timezone).nextRun(from);
  }
  return next && timing.endAt && next.getTime() >= timing.endAt.getTime() ? null : next;
}

/** The first occurrence at or after `from`. */
export const occurrenceFrom = (timing: Timing, from: Date): Date | null => nextOccurrence(timing, new Date(from.getTime() - 1));

/** Up to `count` occurrences strictly after `after`, in order. */
export function nextOccurrences(timing: Timing, after: Date, count: number): Date[] {
  const runs: Date[] = [];
  let at: Date | null = after;
  while (runs.length < count && (at = nextOccurrence(timing, at))) runs.push(at);
  return runs;
}

/**
 * The occurrences from `from` (inclusive) up to `until` (exclusive), at most `limit` of
 * them, and the first occurrence not included (where planning resumes; null when the
 * schedule has no more).
 */
export function occurrencesBetween(timing: Timing, from: Date, until: Date, limit: number): { runs: Date[]; resume: Date | null } {
  const runs: Date[] = [];
  let next = occurrenceFrom(timing, from);
  while (next && next.getTime() < until.getTime() && runs.length < limit) {
    runs.push(next);
    next = nextOccurrence(timing, next);
  }
  return { runs, resume: next };
}

/**
 * The latest `count` occurrences at or before `at` and after `after` (exclusive), oldest
 * first: how missed runs are found without walking every occurrence since a long outage.
 */
export function latestOccurrences(timing: Timing, after: Date, at: Date, count: number): Date[] {
  if (count <= 0) return [];
  if (timing.kind === 'every') {
    const anchor = timing.anchor.getTime();
    if (at.getTime() < anchor) return [];
    const last = anchor + Math.floor((at.getTime() - anchor) / timing.everyMs) * timing.everyMs;
    const runs: Date[] = [];
    for (let t = last; runs.length < count && t > after.getTime() && t >= anchor; t -= timing.everyMs) runs.unshift(new Date(t));
    return runs.filter((run) => !timing.endAt || run.getTime() < timing.endAt.getTime());
  }
  // croner looks back from an exclusive reference; one millisecond on makes `at` inclusive.
  const reference = new Date(Math.min(at.getTime(), (timing.endAt?.getTime() ?? Infinity) - 1) + 1);
  return compileCron(timing.cron, timing.timezone)
    .previousRuns(count, reference)
    .filter((run) => run.getTime() > after.getTime() && (!timing.startAt || run.getTime() >= timing.startAt.getTime()))
    .reverse();
}
