/** Durations as people write them: `500ms`, `30s`, `15m`, `2h`, `1d`, or plain milliseconds. */
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses `500ms`, `30s`, `1m`, `24h`, `2d` or plain milliseconds; returns ms or NaN. */
export function parseDuration(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(text);
  if (!match) return Number.NaN;
  return Math.round(Number(match[1]) * UNIT_MS[match[2] ?? 'ms']);
}

/** The shortest exact spelling of a duration in the largest unit that divides it: 90000 → "90s", 3600000 → "1h". */
export function formatDuration(ms: number): string {
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    if (ms >= UNIT_MS[unit] && ms % UNIT_MS[unit] === 0) return `${ms / UNIT_MS[unit]}${unit}`;
  }
  return `${ms}ms`;
}
