import { formatUtc } from '../format/time';
import type { JobRowFragment } from '../generated/graphql';
import type { LiveJobEvents } from '../live/live-job-events';
import { href } from '../routing/hash-route';
import { StatusLamp } from './status-lamp';
import { TimeText } from './time-text';

/** A schedule's runs (ordinary jobs) with their live status lamps; each opens its job page. */
export function RunsTable({ runs, live }: { runs: JobRowFragment[]; live: LiveJobEvents | null }) {
  return (
    <table className="runs-table">
      <caption className="visually-hidden">Runs of this schedule, latest occurrence first; statuses update live</caption>
      <thead>
        <tr>
          <th scope="col">Status</th>
          <th scope="col">Occurrence</th>
          <th scope="col">Fires at</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => (
          <tr key={run.id} data-job-id={run.id}>
            <td data-label="Status">
              <StatusLamp status={run.status} retryCount={run.retryCount} failedAt={live?.lastFailureAt(run.id)} />
            </td>
            <td data-label="Occurrence">
              {/* Named as a run for screen readers; the visible time is part of the name. */}
              <a href={href(['jobs', run.id])} aria-label={`Run for ${formatUtc(run.scheduledFor ?? run.fireAt)}`}>
                <TimeText iso={run.scheduledFor ?? run.fireAt} />
              </a>
            </td>
            <td data-label="Fires at">
              <TimeText iso={run.fireAt} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
