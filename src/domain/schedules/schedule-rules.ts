import { parseDuration } from '../../duration.js';
import { badInput } from '../../errors.js';
import { parseFireAt, rejectNul } from '../validation.js';
import { compileCron, nextOccurrence, type Timing } from './occurrences.js';

/** What happens to occurrences missed while the service was down or the schedule paused. */
export const CATCH_UP_POLICIES = ['NONE', 'LATEST', 'ALL'] as const;
export type CatchUpPolicy = (typeof CATCH_UP_POLICIES)[number];
export const DEFAULT_CATCH_UP: CatchUpPolicy = 'LATEST';

export const MIN_EVERY_MS = 1_000;
/** A year: anything longer is surely a typo, and a cron expression can say it better. */
export const MAX_EVERY_MS = 366 * 24 * 3_600_000;
const MAX_NAME = 200;
const MAX_CRON = 200;
/** IANA names are letters, digits and `_ - + /`; an offset such as "+05:30" is not a zone. */
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/;

export function parseScheduleName(value: unknown): string {
  if (value === undefined || value === null) throw badInput('name', 'name is required');
  if (typeof value !== 'string') throw badInput('name', 'name must be a string');
  const name = value.trim();
  if (!name) throw badInput('name', 'name must not be empty');
  if (name.length > MAX_NAME) throw badInput('name', `name must be at most ${MAX_NAME} characters`);
  return rejectNul(name, 'name');
}

/** An IANA time zone name that this runtime knows; default UTC. */
export function parseTimezone(value: unknown): string {
  if (value === undefined || value === null || value === '') return 'UTC';
  if (typeof value !== 'string' || !ZONE_NAME.test(value)) throw badInput('timezone', 'timezone must be an IANA time zone name such as Europe/Berlin or UTC');
  try {
    // Canonical spelling: "europe/berlin" is accepted and stored as "Europe/Berlin".
    return new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    throw badInput('timezone', `timezone "${value}" is not a known IANA time zone`);
  }
}

/** A 5-field cron expression, or 6 fields with seconds first; croner's nicknames (@daily, …) too. */
export function parseCron(value: unknown, timezone: string): string {
  if (typeof value !== 'string' || !value.trim()) throw badInput('cron', 'cron must be a cron expression such as "0 9 * * 1-5"');
  const cron = value.trim().replace(/\s+/g, ' ');
  if (cron.length > MAX_CRON) throw badInput('cron', `cron must be at most ${MAX_CRON} characters`);
  rejectNul(cron, 'cron');
  let fires: Date | null;
  try {
    fires = compileCron(cron, timezone).nextRun(new Date());
  } catch (error) {
    throw badInput('cron', `cron is not a valid expression: ${(error as Error).message.replace(/^CronPattern: /, '')}`);
  }
  if (!fires) throw badInput('cron', 'cron never matches a future date');
  return cron;
}

/** `every`: a duration (`30s`, `15m`, `1h`, or milliseconds), at least one second. */
export function parseEvery(value: unknown): number {
  const ms = typeof value === 'number' ? value : typeof value === 'string' ? parseDuration(value) : Number.NaN;
  if (!Number.isInteger(ms)) throw badInput('every', 'every must be a duration such as 30s, 15m or 1h, or whole milliseconds');
  if (ms < MIN_EVERY_MS) throw badInput('every', `every must be at least ${MIN_EVERY_MS / 1000} s`);
  if (ms > MAX_EVERY_MS) throw badInput('every', 'every must be at most 366 days (use cron for longer cycles)');
  return ms;
}

export function parseCatchUp(value: unknown): CatchUpPolicy {
  if (value === undefined || value === null || value === '') return DEFAULT_CATCH_UP;
  if (!CATCH_UP_POLICIES.includes(value as CatchUpPolicy)) throw badInput('catchUp', `catchUp must be one of ${CATCH_UP_POLICIES.join(', ')}`);
  return value as CatchUpPolicy;
}

/** An optional UTC timestamp (startAt, endAt); may be in the past. */
export function parseOptionalInstant(value: unknown, field: 'startAt' | 'endAt'): Date | null {
  if (value === undefined || value === null || value === '') return null;
  return parseFireAt(value, Number.NEGATIVE_INFINITY, field);
}

/** The timing columns of a schedule, as stored. */
export interface TimingColumns {
  cron: string | null;
  everyMs: number | null;
  timezone: string;
  anchorAt: Date | null;
  startAt: Date | null;
  endAt: Date | null;
}

export function timingOf(columns: TimingColumns): Timing {
  if (columns.cron !== null) return { kind: 'cron', cron: columns.cron, timezone: columns.timezone, startAt: columns.startAt, endAt: columns.endAt };
  return { kind: 'every', everyMs: Number(columns.everyMs), anchor: columns.anchorAt ?? columns.startAt ?? new Date(0), endAt: columns.endAt };
}

/**
 * Checks a complete timing: exactly one of cron and every, endAt after startAt, and at
 * least one occurrence still to come. An `every` schedule counts from `anchorAt` (kept
 * across changes that leave the interval alone), else startAt, else `now`: its first run
 * is then one interval later.
 */
export function checkTiming(
  input: { cron: unknown; every: unknown; timezone: string; startAt: Date | null; endAt: Date | null; anchorAt?: Date | null },
  now: Date,
): TimingColumns {
  const hasCron = input.cron !== undefined && input.cron !== null;
  const hasEvery = input.every !== undefined && input.every !== null;
  if (hasCron === hasEvery) throw badInput(hasCron ? 'every' : 'cron', 'exactly one of cron and every is required');
  if (input.startAt && input.endAt && input.endAt.getTime() <= input.startAt.getTime()) throw badInput('endAt', 'endAt must be after startAt');
  const columns: TimingColumns = hasCron
    ? { cron: parseCron(input.cron, input.timezone), everyMs: null, timezone: input.timezone, anchorAt: null, startAt: input.startAt, endAt: input.endAt }
    : (() => {
        const everyMs = parseEvery(input.every);
        const anchorAt = input.anchorAt ?? input.startAt ?? new Date(now.getTime() + everyMs);
        return { cron: null, everyMs, timezone: input.timezone, anchorAt, startAt: input.startAt, endAt: input.endAt };
      })();
  if (!nextOccurrence(timingOf(columns), now)) throw badInput('endAt', 'the schedule has no run before endAt');
  return columns;
}
