import { useEffect, useRef, useState } from 'react';
import { useQuery } from '../api/use-query';
import { CancelJobButton } from '../components/cancel-job-button';
import { EndpointWait } from '../components/endpoint-wait';
import { JobEditForm } from '../components/job-edit-form';
import { LabelList } from '../components/label-list';
import { ReplayJobButton } from '../components/replay-job-button';
import { RunNowButton } from '../components/run-now-button';
import { EmptyState, ErrorNotice, Loading } from '../components/states';
import { StatusLamp, statusLabel } from '../components/status-lamp';
import { TimeText, TimeWithLocal } from '../components/time-text';
import { formatRelative } from '../format/time';
import { JobDetailDocument, JobTitleDocument, ScheduleNameDocument, type JobDetailQuery } from '../generated/graphql';
import { canChange, canReplay } from '../jobs/job-actions';
import { labelEntries } from '../jobs/labels';
import { useLiveEvents, useResync } from '../live/live-context';
import { withLiveStatus, type ReceivedEvent } from '../live/live-job-events';
import { href } from '../routing/hash-route';

type Job = NonNullable<JobDetailQuery['job']>;

/**
 * One job: its fields, payload, delivery log and the status changes seen live; a scheduled
 * one can be edited, run now or cancelled, a finished one replayed.
 */
export function JobPage({ jobId }: { jobId: string }) {
  const detail = useQuery(JobDetailDocument, { id: jobId });
  const live = useLiveEvents();
  const [editing, setEditing] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const events = live?.eventsFor(jobId) ?? [];
  useResync(detail.refetch);

  // Every change after the page opened may come with a new delivery log entry: read the job again.
  const { refetch } = detail;
  const eventsSeen = useRef(events.length);
  useEffect(() => {
    if (events.length <= eventsSeen.current) return;
    eventsSeen.current = events.length;
    refetch();
  }, [events.length, refetch]);

  if (!detail.data && detail.loading) return <Loading label="Loading the job…" />;
  if (detail.error && !detail.data) return <ErrorNotice title="Could not load the job" error={detail.error} onRetry={detail.refetch} />;
  const fetched = detail.data?.job;
  if (!fetched) {
    return (
      <EmptyState title="Job not found.">
        <p>It does not exist, or it belongs to a project that is not yours.</p>
        <a href={href(['jobs'])}>Back to the jobs</a>
      </EmptyState>
    );
  }
  const job = withLiveStatus(fetched, live?.latestFor(jobId));
  const failedAt = live?.lastFailureAt(jobId);
  const closeEditor = () => {
    setEditing(false);
    // Back to the button that opened the form, or to the page when the job can no longer be edited.
    window.setTimeout(() => (editButton.current ?? document.getElementById('main'))?.focus());
  };

  return (
    // data-job-id as on a list row: the lamp of this job is found the same way everywhere.
    <article aria-labelledby="job-title" className="job" data-job-id={job.id}>
      <p className="breadcrumbs">
        <a href={href(['jobs'])}>Jobs</a> <span aria-hidden="true">/</span> {job.project.name}
      </p>
      <div className="page-head">
        <h1 id="job-title">{job.title}</h1>
        <StatusLamp status={job.status} retryCount={job.retryCount} failedAt={failedAt} />
        {canChange(job) && (
          <>
            <button ref={editButton} type="button" className="button" aria-expanded={editing} aria-controls="job-edit" onClick={() => (editing ? closeEditor() : setEditing(true))}>
              Edit job
            </button>
            <RunNowButton job={job} onStarted={detail.refetch} />
            <CancelJobButton job={job} onCancelled={detail.refetch} />
          </>
        )}
        {canReplay(job) && <ReplayJobButton job={job} />}
      </div>

      {editing && (
        <JobEditForm
          job={job}
          onSaved={() => {
            detail.refetch();
            closeEditor();
          }}
          onClose={closeEditor}
        />
      )}

      <JobFields job={job} />

      <div className="job-columns">
        <section aria-labelledby="log-title" className="panel">
          <h2 id="log-title">Delivery log</h2>
          <DeliveryLog job={job} />
        </section>
        <section aria-labelledby="timeline-title" className="panel">
          <h2 id="timeline-title">Live status changes</h2>
          <Timeline events={events} />
        </section>
      </div>

      <section aria-labelledby="payload-title" className="panel">
        <h2 id="payload-title">Payload</h2>
        <pre className="code" tabIndex={0} aria-label="Payload JSON">
          {JSON.stringify(job.payload, null, 2)}
        </pre>
      </section>
    </article>
  );
}

function JobFields({ job }: { job: Job }) {
  return (
    <dl className="fields">
      <div>
        <dt>Fires at</dt>
        <dd>
          <TimeWithLocal iso={job.fireAt} />
        </dd>
      </div>
      {job.replayOf && (
        <div>
          <dt>Original</dt>
          <dd>
            <ReplayOf jobId={job.replayOf} />
          </dd>
        </div>
      )}
      {job.scheduleId && (
        <>
          <div>
            <dt>Schedule</dt>
            <dd>
              <ScheduleOfRun scheduleId={job.scheduleId} />
            </dd>
          </div>
          <div>
            <dt>Occurrence</dt>
            <dd>
              <TimeWithLocal iso={job.scheduledFor} />
            </dd>
          </div>
        </>
      )}
      <HeldBack job={job} />
      {job.status === 'SCHEDULED' && job.endpointId && <EndpointWait projectId={job.project.id} endpointId={job.endpointId} />}
      <div>
        <dt>Webhook URL</dt>
        <dd className="break">{job.webhookUrl}</dd>
      </div>
      <div>
        <dt>Project</dt>
        <dd>
          <a href={href(['projects', job.project.id])}>{job.project.name}</a>
        </dd>
      </div>
      <div>
        <dt>Retries armed</dt>
        <dd>{job.retryCount}</dd>
      </div>
      <div>
        <dt>Retry policy</dt>
        <dd>
          {job.retry.maxAttempts === 1 ? '1 attempt, no retries' : `${job.retry.maxAttempts} attempts at most`}
          {job.retry.maxAttempts > 1 && (
            <span className="hint">
              Delays <span className="mono">{job.retry.delays.join(', ')}</span> (the last repeats), at most <span className="mono">{job.retry.maxDelay}</span>
            </span>
          )}
        </dd>
      </div>
      <div>
        <dt>Timeout per attempt</dt>
        <dd className="mono">{job.timeout}</dd>
      </div>
      <div>
        <dt>Expires</dt>
        <dd>
          <TimeWithLocal iso={job.expiresAt} />
        </dd>
      </div>
      <div>
        <dt>Labels</dt>
        <dd>{labelEntries(job.labels).length ? <LabelList labels={job.labels} linkTo={(label) => href(['jobs'], { label: [label] })} /> : <span className="muted">none</span>}</dd>
      </div>
      <div>
        <dt>Request headers</dt>
        <dd>
          <RequestHeaders headers={job.headers} />
        </dd>
      </div>
      <div>
        <dt>Created</dt>
        <dd>
          <TimeText iso={job.createdAt} />
        </dd>
      </div>
      <div>
        <dt>Job id</dt>
        <dd className="mono break">{job.id}</dd>
      </div>
    </dl>
  );
}

/**
 * Why the last attempt started late: its endpoint held it back (rate limit, parallelism, a
 * pause, an open circuit or the receiver's Retry-After) and for how long.
 */
function HeldBack({ job }: { job: Job }) {
  if (!job.held) return null;
  const endpoints = <a href={href(['endpoints'], { project: job.project.id })}>its endpoint</a>;
  return (
    <div className="held" data-held-reason={job.held.reason}>
      <dt>Held back</dt>
      <dd>
        {job.held.message.charAt(0).toUpperCase() + job.held.message.slice(1)}
        <span className="hint">The last attempt waited {formatSeconds(job.held.ms)} for {endpoints}; waiting used up no attempt.</span>
      </dd>
    </div>
  );
}

const formatSeconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;

/** "Replay of <title>", linked to the job this one replays. */
function ReplayOf({ jobId }: { jobId: string }) {
  const original = useQuery(JobTitleDocument, { id: jobId });
  const link = (text: string) => <a href={href(['jobs', jobId])}>{text}</a>;
  if (!original.data) return <span className="muted">{original.error ? <>Replay of {link('an earlier job')}</> : 'Replay of a job…'}</span>;
  return <>Replay of {link(original.data.job?.title ?? 'an earlier job')}</>;
}

/** The job's own request headers (Dispatch's signed ones come on top and are not listed). */
function RequestHeaders({ headers }: { headers: Record<string, unknown> }) {
  const entries = Object.entries(headers);
  if (entries.length === 0) return <span className="muted">only Dispatch’s own</span>;
  return (
    <ul className="headers-list">
      {entries.map(([name, value]) => (
        <li key={name} className="mono break">
          {name}: {String(value)}
        </li>
      ))}
    </ul>
  );
}

/** "Run of schedule <name>", linked; a deleted schedule leaves its runs, and says so. */
function ScheduleOfRun({ scheduleId }: { scheduleId: string }) {
  const schedule = useQuery(ScheduleNameDocument, { id: scheduleId });
  if (!schedule.data) return <span className="muted">{schedule.error ? 'Run of a schedule that could not be loaded' : 'Run of a schedule…'}</span>;
  if (!schedule.data.schedule) return <span className="muted">Run of a schedule that was deleted</span>;
  return (
    <>
      Run of schedule <a href={href(['schedules', scheduleId])}>{schedule.data.schedule.name}</a>
    </>
  );
}

function DeliveryLog({ job }: { job: Job }) {
  if (job.logs.length === 0) {
    return (
      <EmptyState title="No attempts yet.">
        {job.status === 'SCHEDULED' ? <p>The first attempt fires {formatRelative(job.fireAt)}.</p> : <p>This job was never sent.</p>}
      </EmptyState>
    );
  }
  return (
    <ol className="log" reversed>
      {job.logs.map((entry) => (
        <li key={entry.id} className={`log-entry log-${entry.status.toLowerCase()}`} data-attempt={entry.attempt}>
          <div className="log-head">
            <strong>Attempt {entry.attempt}</strong>
            <span className={`outcome outcome-${entry.status.toLowerCase()}`}>{entry.status}</span>
            <span>
              Code <span className="mono">{entry.responseCode ?? '—'}</span>
            </span>
            <span>{entry.durationMs} ms</span>
            <TimeText iso={entry.firedAt} />
          </div>
          {entry.error && <p className="log-error">Error: {entry.error}</p>}
          {entry.responseBody ? (
            <pre className="code log-body" tabIndex={0} aria-label={`Response body of attempt ${entry.attempt}`}>
              {entry.responseBody}
            </pre>
          ) : (
            <p className="muted">No response body.</p>
          )}
        </li>
      ))}
    </ol>
  );
}

function Timeline({ events }: { events: readonly ReceivedEvent[] }) {
  if (events.length === 0) return <p className="muted">None received since you signed in. Changes appear here as they happen.</p>;
  return (
    <>
      <p className="hint">As received, oldest first; times in UTC.</p>
      <ol className="timeline">
        {events.map((event, index) => (
          // The list only grows at its end, so positions are stable keys.
          <li key={index} data-status={event.status}>
            <time dateTime={event.at} className="mono">
              {event.at.slice(11, 23)}
            </time>{' '}
            {event.previousStatus ? `${statusLabel(event.previousStatus)} → ` : 'Created · '}
            <strong>{statusLabel(event.status)}</strong>
            {event.previousStatus === 'FAILED' && event.status === 'SCHEDULED' && <span className="muted"> · retry {event.retryCount} armed</span>}
          </li>
        ))}
      </ol>
    </>
  );
}
