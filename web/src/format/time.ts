/** `2026-06-13 09:30:00 UTC`: every time the dashboard shows is UTC, said so explicitly. */
export function formatUtc(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

/** The reader's IANA time zone, e.g. Europe/Berlin. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** The same moment in the browser's time zone, for hints. */
export function formatLocal(iso: string | Date): string {
  return formatInZone(iso, browserTimeZone());
}

/**
 * The moment as a wall clock in an IANA zone shows it, with the zone named:
 * `Mon, 15 Jun 2026, 09:00:00 (Europe/Berlin)`. A zone this browser does not know (the
 * schedule form shows times before the API has judged the zone) falls back to UTC.
 */
export function formatInZone(iso: string | Date, timeZone: string): string {
  const date = typeof iso === 'string' ? new Date(iso) : iso;
  const options: Intl.DateTimeFormatOptions = { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' };
  try {
    return `${date.toLocaleString(undefined, { ...options, timeZone })} (${timeZone})`;
  } catch {
    return `${date.toLocaleString(undefined, { ...options, timeZone: 'UTC' })} (UTC)`;
  }
}

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1_000],
];

/** `in 5 minutes`, `3 hours ago`. */
export function formatRelative(iso: string | Date, now = Date.now()): string {
  const delta = (typeof iso === 'string' ? Date.parse(iso) : iso.getTime()) - now;
  const format = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  for (const [unit, ms] of UNITS) if (Math.abs(delta) >= ms || unit === 'second') return format.format(Math.round(delta / ms), unit);
  return '';
}

/** The same instant as the API writes it, without milliseconds: `2026-06-13T09:30:00Z`. */
export function toUtcInput(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const UTC_INPUT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/;

/** Reads what someone typed as a UTC time; explains what is wrong otherwise. */
export function readUtcInput(text: string): { date: Date } | { problem: string } {
  const value = text.trim();
  if (!value) return { problem: 'Enter a time in UTC, like 2026-06-13T09:30:00Z.' };
  if (/([+-]\d{2}:?\d{2})$/.test(value)) return { problem: 'Use UTC with a trailing Z, not an offset.' };
  if (!value.endsWith('Z')) return { problem: 'End the time with Z: it is read as UTC.' };
  if (!UTC_INPUT.test(value)) return { problem: 'Write it as YYYY-MM-DDTHH:MM:SSZ.' };
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return { problem: 'That is not a real date.' };
  return { date };
}
