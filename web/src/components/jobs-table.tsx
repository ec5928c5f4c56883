import type { JobRowFragment } from '../generated/graphql';
import type { Selection } from '../jobs/use-selection';
import type { LiveJobEvents } from '../live/live-job-events';
import { href } from '../routing/hash-route';
import { LabelList } from './label-list';
import { StatusLamp } from './status-lamp';
import { TimeText } from './time-text';

/**
 * Jobs with their live lamps, labels and a checkbox each for the bulk actions. A job
 * replayed since sign-in links to its replay, a replay to its original.
 */
export function JobsTable({ rows, live, selection, labelLink, caption }: {
  rows: JobRowFragment[];
  live: LiveJobEvents | null;
  selection: Selection;
  /** Where a label chip leads: the list filtered on that label too. */
  labelLink(label: string): string;
  caption: string;
}) {
  return (
    <table className="jobs-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col" className="cell-select">
            <span className="visually-hidden">Selected</span>
          </th>
          <th scope="col">Status</th>
          <th scope="col">Title</th>
          <th scope="col">Project</th>
          <th scope="col">Fires at</th>
          <th scope="col">Created</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((job) => (
          <JobRow key={job.id} job={job} live={live} selected={selection.has(job.id)} onSelect={(selected) => selection.set([job.id], selected)} labelLink={labelLink} />
        ))}
      </tbody>
    </table>
  );
}

function JobRow({ job, live, selected, onSelect, labelLink }: { job: JobRowFragment; live: LiveJobEvents | null; selected: boolean; onSelect(selected: boolean): void; labelLink(label: string): string }) {
  const replay = live?.replaysOf(job.id)[0];
  return (
    <tr data-job-id={job.id} className={selected ? 'selected' : undefined}>
      <td data-label="Select" className="cell-select">
        <input type="checkbox" checked={selected} onChange={(event) => onSelect(event.target.checked)} aria-label={`Select ${job.title}`} />
      </td>
      <td data-label="Status">
        <StatusLamp status={job.status} retryCount={job.retryCount} failedAt={live?.lastFailureAt(job.id)} />
      </td>
      <td data-label="Title" className="cell-title">
        <div>
          <a href={href(['jobs', job.id])}>{job.title}</a>
          <span className="cell-url">{job.webhookUrl}</span>
          {job.replayOf && (
            <a className="cell-note" href={href(['jobs', job.replayOf])}>
              Replay of an earlier job
            </a>
          )}
          {replay && (
            <a className="cell-note" href={href(['jobs', replay.id])}>
              Replayed: open the new job
            </a>
          )}
          <LabelList labels={job.labels} linkTo={labelLink} />
        </div>
      </td>
      <td data-label="Project">{job.project.name}</td>
      <td data-label="Fires at">
        <TimeText iso={job.fireAt} />
      </td>
      <td data-label="Created">
        <TimeText iso={job.createdAt} />
      </td>
    </tr>
  );
}
