import { formatInZone, formatUtc } from '../format/time';

/**
 * Upcoming run times of a schedule, each in the schedule's own zone (the wall clock its
 * cron expression is written for) and in UTC (what the API and the jobs list use).
 */
export function RunTimes({ runs, timeZone, label }: { runs: readonly string[]; timeZone: string; label: string }) {
  return (
    <ol className="run-times" aria-label={label}>
      {runs.map((run) => (
        <li key={run}>
          <time dateTime={run} className="run-zone">
            {formatInZone(run, timeZone)}
          </time>
          {timeZone !== 'UTC' && <span className="run-utc mono">{formatUtc(run)}</span>}
        </li>
      ))}
    </ol>
  );
}
