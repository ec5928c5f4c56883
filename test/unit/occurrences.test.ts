/**
 * When schedules run: cron in IANA zones across DST transitions (fixed dates), intervals,
 * start/end bounds, the look-back for missed runs, and properties over random expressions
 * and zones, compared with croner's own continuous iteration.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileCron, latestOccurrences, nextOccurrences, occurrencesBetween, type Timing } from '../../src/domain/schedules/occurrences.js';
import { planRuns } from '../../src/domain/schedules/run-plan.js';

const cron = (expression: string, timezone: string, extra: Partial<Extract<Timing, { kind: 'cron' }>> = {}): Timing => ({ kind: 'cron', cron: expression, timezone, startAt: null, endAt: null, ...extra });
const iso = (dates: Date[]) => dates.map((d) => d.toISOString());
const after = (text: string) => new Date(text);

describe('DST and time zones (fixed 2026 transitions)', () => {
  it.each([
    // Europe/Berlin springs forward 2026-03-29 02:00 CET → 03:00 CEST: 02:30 does not exist, the run is at 03:00 CEST.
    ['Berlin spring: 02:30 runs once, at the shifted instant', '30 2 * * *', 'Europe/Berlin', '2026-03-27T12:00:00Z', ['2026-03-28T01:30:00.000Z', '2026-03-29T01:00:00.000Z', '2026-03-30T00:30:00.000Z']],
    // Europe/Berlin falls back 2026-10-25 03:00 CEST → 02:00 CET: 02:30 happens twice, the run once (first pass).
    ['Berlin fall: 02:30 runs once', '30 2 * * *', 'Europe/Berlin', '2026-10-23T12:00:00Z', ['2026-10-24T00:30:00.000Z', '2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z']],
    // America/New_York springs forward 2026-03-08 02:00 EST → 03:00 EDT.
    ['New York spring: 02:30 at 03:00 EDT', '30 2 * * *', 'America/New_York', '2026-03-06T12:00:00Z', ['2026-03-07T07:30:00.000Z', '2026-03-08T07:00:00.000Z', '2026-03-09T06:30:00.000Z']],
    // America/New_York falls back 2026-11-01 02:00 EDT → 01:00 EST: 01:30 happens twice.
    ['New York fall: 01:30 runs once', '30 1 * * *', 'America/New_York', '2026-10-30T12:00:00Z', ['2026-10-31T05:30:00.000Z', '2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z']],
    // Australia/Lord_Howe shifts by 30 minutes: 2026-04-05 02:00 (+11) → 01:30 (+10:30), 01:45 happens twice.
    ['Lord Howe fall (30 min): 01:45 runs once', '45 1 * * *', 'Australia/Lord_Howe', '2026-04-03T00:00:00Z', ['2026-04-03T14:45:00.000Z', '2026-04-04T14:45:00.000Z', '2026-04-05T15:15:00.000Z']],
    // ... and 2026-10-04 02:00 (+10:30) → 02:30 (+11): 02:15 does not exist, the run is at 02:30.
    ['Lord Howe spring (30 min): 02:15 at 02:30', '15 2 * * *', 'Australia/Lord_Howe', '2026-10-02T00:00:00Z', ['2026-10-02T15:45:00.000Z', '2026-10-03T15:30:00.000Z', '2026-10-04T15:15:00.000Z']],
    // Asia/Kathmandu is UTC+05:45 all year.
    ['Kathmandu (+05:45): 09:00', '0 9 * * *', 'Asia/Kathmandu', '2026-03-28T00:00:00Z', ['2026-03-28T03:15:00.000Z', '2026-03-29T03:15:00.000Z', '2026-03-30T03:15:00.000Z']],
    ['Kathmandu (+05:45): every half hour', '*/30 * * * *', 'Asia/Kathmandu', '2026-03-28T00:00:00Z', ['2026-03-28T00:15:00.000Z', '2026-03-28T00:45:00.000Z', '2026-03-28T01:15:00.000Z']],
    ['Kolkata (+05:30): 09:00 on weekdays', '0 9 * * 1-5', 'Asia/Kolkata', '2026-03-27T00:00:00Z', ['2026-03-27T03:30:00.000Z', '2026-03-30T03:30:00.000Z', '2026-03-31T03:30:00.000Z']],
    // An interval expression follows real time: both passes of Berlin's repeated 02:xx hour.
    ['Berlin fall: every 30 min runs through both passes', '*/30 * * * *', 'Europe/Berlin', '2026-10-24T23:59:00Z', ['2026-10-25T00:00:00.000Z', '2026-10-25T00:30:00.000Z', '2026-10-25T01:00:00.000Z', '2026-10-25T01:30:00.000Z']],
    ['Berlin spring: hourly skips the hour that does not exist', '0 * * * *', 'Europe/Berlin', '2026-03-28T23:30:00Z', ['2026-03-29T00:00:00.000Z', '2026-03-29T01:00:00.000Z', '2026-03-29T02:00:00.000Z']],
    ['weekdays 09:00 Berlin across the spring change', '0 9 * * 1-5', 'Europe/Berlin', '2026-03-26T00:00:00Z', ['2026-03-26T08:00:00.000Z', '2026-03-27T08:00:00.000Z', '2026-03-30T07:00:00.000Z']],
    ['six fields: every 20 s', '*/20 * * * * *', 'UTC', '2026-01-01T00:00:05Z', ['2026-01-01T00:00:20.000Z', '2026-01-01T00:00:40.000Z', '2026-01-01T00:01:00.000Z']],
  ])('%s', (_name, expression, zone, from, expected) => {
    expect(iso(nextOccurrences(cron(expression, zone), after(from), expected.length))).toEqual(expected);
  });

  it('the fall-back runs once also when planned in small steps across the repeated hour', () => {
    const timing = cron('30 2 * * *', 'Europe/Berlin');
    const runs: string[] = [];
    let next = after('2026-10-24T23:00:00Z');
    for (let now = after('2026-10-24T23:00:00Z').getTime(); now < after('2026-10-25T03:00:00Z').getTime(); now += 5_000) {
      const plan = planRuns(timing, 'LATEST', next, new Date(now), 15_000);
      runs.push(...iso(plan.runs.map((r) => r.scheduledFor)));
      next = plan.next!;
    }
    expect(runs).toEqual(['2026-10-25T00:30:00.000Z']);
  });
});

describe('intervals and bounds', () => {
  const every = (everyMs: number, anchor: string, endAt: string | null = null): Timing => ({ kind: 'every', everyMs, anchor: after(anchor), endAt: endAt ? after(endAt) : null });

  it('counts an interval from its anchor, in real time whatever the zone', () => {
    expect(iso(nextOccurrences(every(90_000, '2026-03-29T00:59:00Z'), after('2026-03-29T00:00:00Z'), 3))).toEqual(['2026-03-29T00:59:00.000Z', '2026-03-29T01:00:30.000Z', '2026-03-29T01:02:00.000Z']);
    expect(iso(nextOccurrences(every(1_000, '2026-01-01T00:00:00Z'), after('2026-01-01T00:00:00.500Z'), 2))).toEqual(['2026-01-01T00:00:01.000Z', '2026-01-01T00:00:02.000Z']);
  });

  it('stops before endAt and starts at startAt (inclusive)', () => {
    expect(iso(nextOccurrences(every(60_000, '2026-01-01T00:00:00Z', '2026-01-01T00:02:00Z'), after('2025-12-31T00:00:00Z'), 5))).toEqual(['2026-01-01T00:00:00.000Z', '2026-01-01T00:01:00.000Z']);
    const bounded = cron('0 * * * *', 'UTC', { startAt: after('2026-01-01T05:00:00Z'), endAt: after('2026-01-01T07:00:00Z') });
    expect(iso(nextOccurrences(bounded, after('2026-01-01T00:00:00Z'), 5))).toEqual(['2026-01-01T05:00:00.000Z', '2026-01-01T06:00:00.000Z']);
  });

  it('finds the latest missed occurrences without walking from the start', () => {
    const minutely = every(60_000, '2020-01-01T00:00:00Z');
    expect(iso(latestOccurrences(minutely, after('2020-01-01T00:00:00Z'), after('2026-06-01T12:00:30Z'), 2))).toEqual(['2026-06-01T11:59:00.000Z', '2026-06-01T12:00:00.000Z']);
    expect(iso(latestOccurrences(cron('30 2 * * *', 'Europe/Berlin'), after('2026-03-27T00:00:00Z'), after('2026-03-30T00:30:00Z'), 5))).toEqual([
      '2026-03-27T01:30:00.000Z', '2026-03-28T01:30:00.000Z', '2026-03-29T01:00:00.000Z', '2026-03-30T00:30:00.000Z',
    ]);
  });
});

describe('catch-up policies', () => {
  const minutely: Timing = { kind: 'every', everyMs: 60_000, anchor: after('2026-01-01T00:00:00Z'), endAt: null };
  // Down from 10:00 to 10:05:30: five occurrences (10:00 … 10:04) were missed; 10:05 is within the grace, late but on time.
  const nextRunAt = after('2026-01-01T10:00:00Z');
  const now = after('2026-01-01T10:05:01Z');

  it.each([
    ['NONE', []],
    ['LATEST', ['2026-01-01T10:04:00.000Z']],
    ['ALL', ['2026-01-01T10:00:00.000Z', '2026-01-01T10:01:00.000Z', '2026-01-01T10:02:00.000Z', '2026-01-01T10:03:00.000Z', '2026-01-01T10:04:00.000Z']],
  ] as const)('%s after five missed occurrences', (policy, missed) => {
    const plan = planRuns(minutely, policy, nextRunAt, now, 15_000);
    const caughtUp = plan.runs.filter((r) => r.fireAt.getTime() === now.getTime() && r.scheduledFor.getTime() < now.getTime() - 2_000);
    expect(iso(caughtUp.map((r) => r.scheduledFor))).toEqual(missed);
    // The on-time one keeps its own time; the next pass resumes after the horizon.
    expect(plan.runs.at(-1)).toEqual({ scheduledFor: after('2026-01-01T10:05:00Z'), fireAt: after('2026-01-01T10:05:00Z') });
    expect(plan.next).toEqual(after('2026-01-01T10:06:00Z'));
  });

  it('ALL creates at most 100 after a long outage', () => {
    const plan = planRuns(minutely, 'ALL', after('2026-01-01T00:00:00Z'), after('2026-01-02T00:00:00Z'), 15_000);
    const missed = plan.runs.filter((r) => r.fireAt.getTime() !== r.scheduledFor.getTime());
    expect(missed).toHaveLength(100);
    expect(missed.at(-1)!.scheduledFor).toEqual(after('2026-01-01T23:59:00Z'));
  });
});

/** Random cron expressions of the shapes people write, with a matcher for each field. */
const field = (min: number, max: number) =>
  fc.oneof(
    fc.constant({ text: '*', matches: () => true, fixed: false }),
    fc.integer({ min, max }).map((n) => ({ text: String(n), matches: (v: number) => v === n, fixed: true })),
    fc.uniqueArray(fc.integer({ min, max }), { minLength: 2, maxLength: 3 }).map((ns) => ({ text: ns.join(','), matches: (v: number) => ns.includes(v), fixed: true })),
    fc.integer({ min: 2, max: Math.min(30, max) }).map((k) => ({ text: `*/${k}`, matches: (v: number) => (v - min) % k === 0, fixed: false })),
  );
const expressions = fc.record({
  minute: field(0, 59),
  hour: field(0, 23),
  weekdays: fc.constantFrom({ text: '*', matches: () => true }, { text: '1-5', matches: (d: number) => d >= 1 && d <= 5 }, { text: '0,6', matches: (d: number) => d === 0 || d === 6 }),
});
const ZONES = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham', 'America/St_Johns', 'Australia/Adelaide', 'Europe/London', 'Asia/Kolkata', 'UTC'];

function wallClock(date: Date, timeZone: string) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', weekday: 'short' })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(parts.weekday);
  return { day: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour), minute: Number(parts.minute), weekday };
}

const offsetMinutes = (date: Date, timeZone: string) => {
  const w = wallClock(date, timeZone);
  return Math.round((Date.parse(`${w.day}T${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}:00Z`) - Math.floor(date.getTime() / 60_000) * 60_000) / 60_000);
};

describe('properties over random expressions and zones', () => {
  // Starts spread over 2026, so that many spans cross a DST transition of their zone.
  const starts = fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2026-12-20T00:00:00Z') }).map((ms) => new Date(ms));

  it('occurrences increase strictly, match the expression in their zone (or are a gap shifted), and a fixed time never repeats', () => {
    fc.assert(
      fc.property(expressions, fc.constantFrom(...ZONES), starts, (expr, zone, start) => {
        const text = `${expr.minute.text} ${expr.hour.text} * * ${expr.weekdays.text}`;
        const runs = nextOccurrences(cron(text, zone), start, 150);
        const fixedTime = expr.minute.fixed && expr.hour.fixed;
        const wallTimes = new Set<string>();
        for (let i = 0; i < runs.length; i++) {
          if (i > 0) expect(runs[i].getTime()).toBeGreaterThan(runs[i - 1].getTime());
          const wall = wallClock(runs[i], zone);
          const matches = expr.minute.matches(wall.minute) && expr.hour.matches(wall.hour) && expr.weekdays.matches(wall.weekday);
          // A fixed time inside a spring gap runs at the first instant after it: the zone's offset changed within the hour before.
          if (!matches) expect(fixedTime && offsetMinutes(runs[i], zone) !== offsetMinutes(new Date(runs[i].getTime() - 3_600_000), zone)).toBe(true);
          const key = `${wall.day} ${wall.hour}:${wall.minute}`;
          if (fixedTime) expect(wallTimes.has(key)).toBe(false);
          wallTimes.add(key);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('planning in passes (the planner) yields exactly the library’s own continuous iteration: none skipped, none repeated', () => {
    fc.assert(
      fc.property(expressions, fc.constantFrom(...ZONES), starts, fc.integer({ min: 1, max: 20 }), (expr, zone, start, hours) => {
        const text = `${expr.minute.text} ${expr.hour.text} * * ${expr.weekdays.text}`;
        const timing = cron(text, zone);
        const end = start.getTime() + hours * 3_600_000;
        const expected = iso(occurrencesBetween(timing, start, new Date(end), 100_000).runs);
        // The library's own iteration agrees with ours.
        const library: string[] = [];
        for (let at = compileCron(text, zone).nextRun(new Date(start.getTime() - 1)); at && at.getTime() < end; at = compileCron(text, zone).nextRun(at)) library.push(at.toISOString());
        expect(expected).toEqual(library);
        // Passes at a fixed period, each planning a little more than the period ahead, as the planner does.
        const planned: string[] = [];
        let next = occurrencesBetween(timing, start, start, 0).resume;
        for (let now = start.getTime(); next && now < end; now += 5 * 60_000) {
          const plan = planRuns(timing, 'ALL', next, new Date(now), 5 * 60_000 + 15_000);
          planned.push(...iso(plan.runs.map((r) => r.scheduledFor)).filter((t) => Date.parse(t) < end));
          next = plan.next;
        }
        expect(planned).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });
});
