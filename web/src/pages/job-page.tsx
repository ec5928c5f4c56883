import { useEffect, useRef, useState } from 'react';
import { useMutation, useQuery } from '../api/use-query';
import { ConfirmDialog } from '../components/confirm-dialog';
import { useNotify } from '../components/notices';
import { EmptyState, ErrorNotice, Loading } from '../components/states';
import { StatusLamp, statusLabel } from '../components/status-lamp';
import { TimeText, TimeWithLocal } from '../components/time-text';
import { formatRelative } from '../format/time';
import { CancelJobDocument, JobDetailDocument, ScheduleNameDocument, type JobDetailQuery } from '../generated/graphql';
import { useLiveEvents, useResync } from '../live/live-context';
import { withLiveStatus, type ReceivedEvent } from '../live/live-job-events';
import { href } from '../routing/hash-route';

type Job = NonNullable<JobDetailQuery['job']>;

/** One job: its fields, payload, delivery log and the status changes seen live. */
export function JobPage({ jobId }: { jobId: string }) {
  const detail = useQuery(JobDetailDocument, { id: jobId });
  const live = useLiveEvents();
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

  return (
    <article aria-labelledby="job-title" className="job">
      <p className="breadcrumbs">
        <a href={href(['jobs'])}>Jobs</a> <span aria-hidden="true">/</span> {job.project.name}
      </p>
      <div className="page-head">
        <h1 id="job-title">{job.title}</h1>
        <StatusLamp status={job.status} retryCount={job.retryCount} failedAt={failedAt} />
        {job.status === 'SCHEDULED' && <CancelJob job={job} onCancelled={detail.refetch} />}
      </div>

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

function CancelJob({ job, onCancelled }: { job: Job; onCancelled(): void }) {
  const [asking, setAsking] = useState(false);
  const cancel = useMutation(CancelJobDocument);
  const notify = useNotify();
  return (
    <>
      <button type="button" className="button button-danger" onClick={() => setAsking(true)}>
        Cancel job
      </button>
      <ConfirmDialog
        open={asking}
        title="Cancel this job?"
        confirmLabel="Cancel job"
        danger
        pending={cancel.pending}
        error={cancel.error?.message}
        onCancel={() => {
          setAsking(false);
          cancel.reset();
        }}
        onConfirm={async () => {
          try {
            await cancel.run({ id: job.id });
          } catch {
            return;
          }
          setAsking(false);
          notify(`“${job.title}” was cancelled.`);
          onCancelled();
        }}
      >
        <p>
          “{job.title}” will not be sent. This cannot be undone: schedule it again if you change your mind.
        </p>
      </ConfirmDialog>
    </>
  );
}
