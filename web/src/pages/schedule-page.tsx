import { useChangedRows } from '../api/use-changed-rows';
import { useMutation, useQuery } from '../api/use-query';
import { ConfirmedAction } from '../components/confirmed-action';
import { useNotify } from '../components/notices';
import { Pagination } from '../components/pagination';
import { RunTimes } from '../components/run-times';
import { RunsTable } from '../components/runs-table';
import { ScheduleState, ScheduleToggle } from '../components/schedule-toggle';
import { EmptyState, ErrorNotice, Loading } from '../components/states';
import { TimeText, TimeWithLocal } from '../components/time-text';
import { DeleteScheduleDocument, ProjectsDocument, ScheduleDetailDocument, ScheduleRunsDocument, type JobRowFragment, type ScheduleDetailQuery, type ScheduleRowFragment } from '../generated/graphql';
import { useLiveEvents, useReloadOnRuns, useResync } from '../live/live-context';
import { createdSince, withLiveStatus } from '../live/live-job-events';
import { href, navigate, type Route } from '../routing/hash-route';
import { catchUpLabel } from '../schedules/catch-up-policies';
import { timingText } from '../schedules/timing-text';
import { PAGE_SIZE } from './jobs-page';

type Schedule = NonNullable<ScheduleDetailQuery['schedule']>;

/**
 * One schedule: its settings, its next runs, pause / resume and delete, and its runs
 * (ordinary jobs) with live lamps. Runs created while the page is open appear on top.
 */
export function SchedulePage({ scheduleId, route }: { scheduleId: string; route: Route }) {
  const page = Math.max(1, Number.parseInt(route.query.get('page') ?? '1', 10) || 1);
  const detail = useQuery(ScheduleDetailDocument, { id: scheduleId });
  const projects = useQuery(ProjectsDocument, {});
  const changed = useChangedRows<ScheduleRowFragment>(detail.data);
  useResync(detail.refetch);
  useReloadOnRuns([scheduleId], detail.refetch);

  if (!detail.data && detail.loading) return <Loading label="Loading the schedule…" />;
  if (detail.error && !detail.data) return <ErrorNotice title="Could not load the schedule" error={detail.error} onRetry={detail.refetch} />;
  const fetched = detail.data?.schedule;
  if (!fetched) {
    return (
      <EmptyState title="Schedule not found.">
        <p>It does not exist (it may have been deleted), or it belongs to a project that is not yours.</p>
        <a href={href(['schedules'])}>Back to the schedules</a>
      </EmptyState>
    );
  }
  const schedule: Schedule = { ...fetched, ...changed.apply(fetched) };
  const projectName = projects.data?.projects.find((project) => project.id === schedule.projectId)?.name ?? '';

  return (
    <article aria-labelledby="schedule-title">
      <p className="breadcrumbs">
        <a href={href(['schedules'])}>Schedules</a> <span aria-hidden="true">/</span> {projectName}
      </p>
      <div className="page-head">
        <h1 id="schedule-title">{schedule.name}</h1>
        <ScheduleState paused={schedule.paused} />
        <ScheduleToggle
          schedule={schedule}
          onChanged={(updated) => {
            changed.remember(updated);
            detail.refetch();
          }}
        />
        <DeleteSchedule schedule={schedule} />
      </div>

      <ScheduleFields schedule={schedule} projectName={projectName} />

      <div className="job-columns">
        <section aria-labelledby="runs-title" className="panel">
          <h2 id="runs-title">Runs</h2>
          <p className="hint">
            <a href={href(['jobs'], { schedule: scheduleId })}>Search and filter the runs in the jobs list</a>
          </p>
          <ScheduleRuns scheduleId={scheduleId} paused={schedule.paused} page={page} />
        </section>
        <section aria-labelledby="next-title" className="panel">
          <h2 id="next-title">Next runs</h2>
          {schedule.paused && <p className="hint">Paused: these occurrences run only if you resume it before they are due.</p>}
          {schedule.nextRuns.length === 0 ? (
            <p className="muted">None: the schedule has ended.</p>
          ) : (
            <RunTimes runs={schedule.nextRuns} timeZone={schedule.timezone} label="Next runs of this schedule" />
          )}
        </section>
      </div>

      <section aria-labelledby="payload-title" className="panel">
        <h2 id="payload-title">Payload of each run</h2>
        <pre className="code" tabIndex={0} aria-label="Payload JSON">
          {JSON.stringify(schedule.payload, null, 2)}
        </pre>
      </section>
    </article>
  );
}

/**
 * The schedule's runs, latest occurrence first, with live lamps; on the first page, runs
 * created since it was fetched are added on top as their creation events arrive.
 */
function ScheduleRuns({ scheduleId, paused, page }: { scheduleId: string; paused: boolean; page: number }) {
  const list = useQuery(ScheduleRunsDocument, { scheduleId, page, limit: PAGE_SIZE });
  const live = useLiveEvents();
  useResync(list.refetch);

  if (!list.data && list.loading) return <Loading label="Loading the runs…" />;
  if (list.error && !list.data) return <ErrorNotice title="Could not load the runs" error={list.error} onRetry={list.refetch} />;
  const listed = list.data?.jobs.jobs ?? [];
  const arrivals = page === 1 && live ? createdSince(live, listed, (job) => job.scheduleId === scheduleId) : [];
  const runs = byOccurrence([...arrivals, ...listed].map((run) => withLiveStatus(run, live?.latestFor(run.id)))).slice(0, PAGE_SIZE);
  const total = (list.data?.jobs.pagination.total ?? 0) + arrivals.length;
  if (runs.length === 0) {
    return (
      <EmptyState title="No runs yet.">
        <p>{paused ? 'The schedule is paused: resume it to run.' : 'Runs appear here, live, shortly before they are due.'}</p>
      </EmptyState>
    );
  }
  return (
    <>
      <p className="hint">Each run is an ordinary job, created shortly before it is due; open one for its delivery log.</p>
      <RunsTable runs={runs} live={live} />
      <Pagination
        page={page}
        totalPages={Math.max(1, Math.ceil(total / PAGE_SIZE))}
        total={total}
        noun="run"
        linkTo={(target) => href(['schedules', scheduleId], { page: target === 1 ? undefined : target })}
      />
    </>
  );
}

function ScheduleFields({ schedule, projectName }: { schedule: Schedule; projectName: string }) {
  return (
    <dl className="fields">
      <div>
        <dt>Timing</dt>
        <dd className="mono">{timingText(schedule)}</dd>
      </div>
      <div>
        <dt>Next run</dt>
        <dd>
          <TimeWithLocal iso={schedule.nextRunAt} none={schedule.paused ? 'paused' : 'none'} />
        </dd>
      </div>
      <div>
        <dt>Last run</dt>
        <dd>
          <TimeWithLocal iso={schedule.lastRunAt} />
        </dd>
      </div>
      <div>
        <dt>Job title</dt>
        <dd className="break">{schedule.title}</dd>
      </div>
      <div>
        <dt>Webhook URL</dt>
        <dd className="break">{schedule.webhookUrl}</dd>
      </div>
      <div>
        <dt>Project</dt>
        <dd>
          <a href={href(['projects', schedule.projectId])}>{projectName || 'Open the project'}</a>
        </dd>
      </div>
      <div>
        <dt>Missed runs</dt>
        <dd>{catchUpLabel(schedule.catchUp)}</dd>
      </div>
      <div>
        <dt>Starts</dt>
        <dd>{schedule.startAt ? <TimeText iso={schedule.startAt} /> : <span className="muted">when created</span>}</dd>
      </div>
      <div>
        <dt>Ends</dt>
        <dd>{schedule.endAt ? <TimeText iso={schedule.endAt} /> : <span className="muted">never</span>}</dd>
      </div>
      <div>
        <dt>Created</dt>
        <dd>
          <TimeText iso={schedule.createdAt} />
        </dd>
      </div>
      <div>
        <dt>Schedule id</dt>
        <dd className="mono break">{schedule.id}</dd>
      </div>
    </dl>
  );
}

/**
 * Latest occurrence first. The API lists runs by creation, and a planning pass creates
 * several runs at the same instant, so within a page they are put in occurrence order here.
 */
function byOccurrence(runs: JobRowFragment[]): JobRowFragment[] {
  const occurrence = (run: JobRowFragment) => run.scheduledFor ?? run.fireAt;
  return [...runs].sort((a, b) => (occurrence(a) < occurrence(b) ? 1 : occurrence(a) > occurrence(b) ? -1 : 0));
}

function DeleteSchedule({ schedule }: { schedule: Schedule }) {
  const remove = useMutation(DeleteScheduleDocument);
  const notify = useNotify();
  return (
    <ConfirmedAction
      label="Delete schedule"
      buttonClass="button button-danger"
      title="Delete this schedule?"
      confirmLabel="Delete schedule"
      danger
      pending={remove.pending}
      error={remove.error?.message}
      onClose={remove.reset}
      onConfirm={async () => {
        await remove.run({ id: schedule.id });
        notify(`Schedule “${schedule.name}” was deleted. Its past runs stay in the jobs list.`);
        navigate(href(['schedules']));
      }}
    >
      <p>“{schedule.name}” will not run again, and its runs that have not started yet are cancelled. The runs it already made keep their history. This cannot be undone.</p>
    </ConfirmedAction>
  );
}
