import { useQuery } from '../api/use-query';
import { BulkBar } from '../components/bulk-bar';
import { BulkJobAction } from '../components/bulk-job-action';
import { JobsTable } from '../components/jobs-table';
import { LabelFilter } from '../components/label-filter';
import { CursorPagination } from '../components/cursor-pagination';
import { ProjectFilter } from '../components/project-filter';
import { SearchFilter } from '../components/search-filter';
import { EmptyState, ErrorNotice, Loading } from '../components/states';
import { statusLabel } from '../components/status-lamp';
import { JobConnectionDocument, ProjectsDocument, ScheduleNameDocument, type JobRowFragment, type JobStatus } from '../generated/graphql';
import { labelsOf } from '../jobs/labels';
import { recordStep, trailStep } from '../jobs/page-trail';
import { useSelection } from '../jobs/use-selection';
import { useLiveEvents, useReloadOnStatus, useResync } from '../live/live-context';
import { createdSince, withLiveStatus } from '../live/live-job-events';
import { href, navigate, type QueryValue, type Route } from '../routing/hash-route';

export const PAGE_SIZE = 20;
export const JOB_STATUSES: JobStatus[] = ['SCHEDULED', 'FIRING', 'SUCCESS', 'FAILED', 'DEAD', 'CANCELLED'];

const isJobStatus = (value: string | null): value is JobStatus => JOB_STATUSES.includes(value as JobStatus);

/**
 * The two lists of jobs: every job (#/jobs, with a status filter) and the dead ones
 * (#/dead-jobs: status DEAD, with "Replay all shown"). Both filter by project and label.
 */
export type JobsView = 'all' | 'dead';

const VIEWS = {
  all: { path: 'jobs', title: 'Jobs', caption: 'Jobs, newest first; statuses update live', actions: ['cancel', 'replay'] },
  dead: { path: 'dead-jobs', title: 'Dead jobs', caption: 'Dead jobs, newest first', actions: ['replay'] },
} as const;

/**
 * Jobs of every project, newest first, paged by cursor (a page never skips or repeats a job
 * while others are added) and filtered by title, status, project, labels and schedule, all
 * in the URL. Rows change status as events arrive, and jobs created after the page loaded
 * appear at the top of the first page without a reload. Rows can be selected for a bulk
 * cancel or replay.
 */
export function JobsPage({ route, view = 'all' }: { route: Route; view?: JobsView }) {
  const settings = VIEWS[view];
  const statusParam = route.query.get('status');
  const status: JobStatus | undefined = view === 'dead' ? 'DEAD' : isJobStatus(statusParam) ? statusParam : undefined;
  const projectId = route.query.get('project') ?? undefined;
  const scheduleId = route.query.get('schedule') ?? undefined;
  const search = route.query.get('search')?.trim() || undefined;
  const labelFilters = route.query.getAll('label');
  const labels = labelsOf(labelFilters);
  const labelled = Object.keys(labels).length > 0;
  const after = route.query.get('after') ?? undefined;

  const projects = useQuery(ProjectsDocument, {});
  const filter = { status, projectId, scheduleId, search, labels: labelled ? labels : undefined };
  const list = useQuery(JobConnectionDocument, { filter, first: PAGE_SIZE, after });
  const live = useLiveEvents();
  useResync(list.refetch);
  useReloadOnStatus(status, list.refetch);

  // The filters as the URL has them; the status only where it can be chosen.
  const filters: Record<string, QueryValue> = { status: view === 'all' ? status : undefined, project: projectId, schedule: scheduleId, search, label: labelFilters };
  const linkTo = (changes: Record<string, QueryValue>) => href([settings.path], { ...filters, ...changes });
  // A new filter starts again from the newest job: a cursor belongs to the filters it was made with.
  const refine = (changes: Record<string, QueryValue>) => navigate(linkTo({ ...changes, after: undefined }));

  const connection = list.data?.jobsConnection;
  const listed = connection?.edges.map((edge) => edge.node) ?? [];
  const needle = search?.toLowerCase();
  const belongs = (job: JobRowFragment) =>
    (!projectId || job.projectId === projectId) &&
    (!scheduleId || job.scheduleId === scheduleId) &&
    (!needle || job.title.toLowerCase().includes(needle)) &&
    Object.entries(labels).every(([key, value]) => job.labels[key] === value);
  // Jobs created since the first page was read go on top of it, the page itself stays whole:
  // its last row is where "Older" continues, so nothing is pushed out of reach.
  const arrivals = (!after && live ? createdSince(live, listed, belongs) : [])
    .map((row) => withLiveStatus(row, live?.latestFor(row.id)))
    .filter((row) => !status || row.status === status)
    .slice(0, PAGE_SIZE);
  const rows = [...arrivals, ...listed.map((row) => withLiveStatus(row, live?.latestFor(row.id)))];
  const selection = useSelection(JSON.stringify([view, filters, after]), rows.map((row) => row.id));
  const filtered = Boolean((view === 'all' && status) || projectId || scheduleId || search || labelFilters.length);
  const labelError = Object.entries(list.error?.fieldErrors ?? {}).find(([field]) => field.startsWith('label'))?.[1];
  const cursorError = list.error?.fieldErrors.after;

  return (
    <section aria-labelledby="jobs-title">
      <div className="page-head">
        <h1 id="jobs-title">{settings.title}</h1>
        {view === 'dead' ? (
          <BulkJobAction kind="replay" jobs={rows} label="Replay all shown" className="button button-primary" onDone={list.refetch} />
        ) : (
          <a className="button button-primary" href={href(['schedule'], { project: projectId })}>
            Schedule a job
          </a>
        )}
      </div>
      {view === 'dead' && (
        <p className="muted">
          Jobs whose attempts all failed, or that expired before an attempt could start. Once the receiver works again, replay them: each replay is a new job
          with the same request, and the dead job keeps its history.
        </p>
      )}

      <form className="filters" role="search" aria-label={`Filter ${settings.title.toLowerCase()}`} onSubmit={(event) => event.preventDefault()}>
        <SearchFilter value={search ?? ''} onChange={(text) => refine({ search: text })} />
        {view === 'all' && (
          <div>
            <label htmlFor="filter-status">Status</label>
            <select id="filter-status" value={status ?? ''} onChange={(event) => refine({ status: event.target.value || undefined })}>
              <option value="">All statuses</option>
              {JOB_STATUSES.map((value) => (
                <option key={value} value={value}>
                  {statusLabel(value)}
                </option>
              ))}
            </select>
          </div>
        )}
        <ProjectFilter projects={projects.data?.projects} value={projectId} onChange={(project) => refine({ project })} />
        <LabelFilter values={labelFilters} onChange={(label) => refine({ label })} error={labelError} />
        {scheduleId && <ScheduleFilter scheduleId={scheduleId} onRemove={() => refine({ schedule: undefined })} />}
        {filtered && (
          <a className="link-button filters-clear" href={href([settings.path])}>
            Clear filters
          </a>
        )}
      </form>

      {!list.data && list.loading && <Loading label="Loading jobs…" />}
      {list.error && !list.data && cursorError && (
        <EmptyState title="This page of jobs cannot be shown.">
          <p>Its link was made for other filters or another account.</p>
          <a href={linkTo({ after: undefined })}>Show the newest jobs</a>
        </EmptyState>
      )}
      {list.error && !list.data && !labelError && !cursorError && <ErrorNotice title="Could not load the jobs" error={list.error} onRetry={list.refetch} />}
      {(list.data || labelError) && rows.length === 0 && <NoJobs view={view} filtered={filtered} noProjects={projects.data?.projects.length === 0} />}
      {rows.length > 0 && (
        <>
          <BulkBar rows={rows} selection={selection} actions={settings.actions} onDone={list.refetch} />
          <JobsTable rows={rows} live={live} selection={selection} caption={settings.caption} labelLink={(label) => linkTo({ label: [...labelFilters.filter((other) => other !== label), label], after: undefined })} />
          {connection && (
            <JobPages
              list={JSON.stringify([view, filters])}
              after={after}
              endCursor={connection.pageInfo.hasNextPage ? (connection.pageInfo.endCursor ?? undefined) : undefined}
              total={connection.totalCount + arrivals.length}
              estimate={connection.totalIsEstimate}
              linkTo={(cursor) => linkTo({ after: cursor })}
            />
          )}
        </>
      )}
    </section>
  );
}

/** Newer / older by cursor, with the page's number when this tab paged its way there. */
function JobPages({ list, after, endCursor, total, estimate, linkTo }: { list: string; after: string | undefined; endCursor: string | undefined; total: number; estimate: boolean; linkTo(cursor: string | undefined): string }) {
  const here = trailStep(list, after);
  if (endCursor) recordStep(list, after, here?.page, endCursor);
  const count = `${estimate ? 'about ' : ''}${total} ${total === 1 ? 'job' : 'jobs'}`;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const status = here ? `Page ${here.page} of ${estimate ? `about ${pages}` : pages} · ${count}` : count;
  const newer = after === undefined ? undefined : linkTo(here?.previous);
  return <CursorPagination newer={newer} newerLabel={here ? '← Newer' : '← Newest'} older={endCursor && linkTo(endCursor)} status={status} />;
}

/** "Runs of schedule <name>" as a removable filter (set by a schedule's page). */
function ScheduleFilter({ scheduleId, onRemove }: { scheduleId: string; onRemove(): void }) {
  const schedule = useQuery(ScheduleNameDocument, { id: scheduleId });
  const name = schedule.data?.schedule?.name;
  return (
    <div className="schedule-filter">
      <span className="filter-title">Schedule</span>
      <ul className="labels label-filters" aria-label="Schedule filter">
        <li className="label-chip">
          <span>Runs of {name ? `“${name}”` : 'a schedule'}</span>
          <button type="button" className="chip-remove" aria-label="Remove the schedule filter" onClick={onRemove}>
            ×
          </button>
        </li>
      </ul>
    </div>
  );
}

/** What an empty list means, and what to do next. */
function NoJobs({ view, filtered, noProjects }: { view: JobsView; filtered: boolean; noProjects: boolean }) {
  if (filtered) {
    return (
      <EmptyState title="No jobs match these filters.">
        <a href={href([VIEWS[view].path])}>{view === 'dead' ? 'Show all dead jobs' : 'Show all jobs'}</a>
      </EmptyState>
    );
  }
  if (view === 'dead') {
    return (
      <EmptyState title="No dead jobs.">
        <p>A job whose every attempt failed would be listed here, ready to be replayed.</p>
      </EmptyState>
    );
  }
  if (noProjects) {
    return (
      <EmptyState title="No projects yet.">
        <p>Jobs belong to a project. Create one, then schedule your first webhook.</p>
        <a className="button button-primary" href={href(['projects'])}>
          Create a project
        </a>
      </EmptyState>
    );
  }
  return (
    <EmptyState title="No jobs yet.">
      <p>Schedule a webhook here, or send one through the API with a project key.</p>
      <a className="button button-primary" href={href(['schedule'])}>
        Schedule a job
      </a>
    </EmptyState>
  );
}
