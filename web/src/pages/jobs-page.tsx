import { useQuery } from '../api/use-query';
import { BulkBar } from '../components/bulk-bar';
import { BulkJobAction } from '../components/bulk-job-action';
import { JobsTable } from '../components/jobs-table';
import { LabelFilter } from '../components/label-filter';
import { Pagination } from '../components/pagination';
import { ProjectFilter } from '../components/project-filter';
import { EmptyState, ErrorNotice, Loading } from '../components/states';
import { statusLabel } from '../components/status-lamp';
import { JobListDocument, ProjectsDocument, type JobRowFragment, type JobStatus } from '../generated/graphql';
import { labelsOf } from '../jobs/labels';
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
 * Jobs of every project, newest first. Rows change status as events arrive, and jobs
 * created after the page loaded appear at the top of page 1 without a reload. Rows can be
 * selected for a bulk cancel or replay.
 */
export function JobsPage({ route, view = 'all' }: { route: Route; view?: JobsView }) {
  const settings = VIEWS[view];
  const statusParam = route.query.get('status');
  const status: JobStatus | undefined = view === 'dead' ? 'DEAD' : isJobStatus(statusParam) ? statusParam : undefined;
  const projectId = route.query.get('project') ?? undefined;
  const labelFilters = route.query.getAll('label');
  const labels = labelsOf(labelFilters);
  const labelled = Object.keys(labels).length > 0;
  const page = Math.max(1, Number.parseInt(route.query.get('page') ?? '1', 10) || 1);

  const projects = useQuery(ProjectsDocument, {});
  const list = useQuery(JobListDocument, { status, projectId, labels: labelled ? labels : undefined, page, limit: PAGE_SIZE });
  const live = useLiveEvents();
  useResync(list.refetch);
  useReloadOnStatus(status, list.refetch);

  // The filters as the URL has them; the status only where it can be chosen.
  const filters: Record<string, QueryValue> = { status: view === 'all' ? status : undefined, project: projectId, label: labelFilters };
  const linkTo = (changes: Record<string, QueryValue>) => href([settings.path], { ...filters, ...changes });
  const filter = (changes: Record<string, QueryValue>) => navigate(linkTo({ ...changes, page: undefined }));

  const listed = list.data?.jobs.jobs ?? [];
  const belongs = (job: JobRowFragment) => (!projectId || job.projectId === projectId) && Object.entries(labels).every(([key, value]) => job.labels[key] === value);
  const arrivals = (page === 1 && live ? createdSince(live, listed, belongs) : [])
    .map((row) => withLiveStatus(row, live?.latestFor(row.id)))
    .filter((row) => !status || row.status === status);
  const rows = [...arrivals, ...listed.map((row) => withLiveStatus(row, live?.latestFor(row.id)))].slice(0, PAGE_SIZE);
  const selection = useSelection(JSON.stringify([view, filters, page]), rows.map((row) => row.id));
  const pagination = list.data?.jobs.pagination;
  const total = (pagination?.total ?? 0) + arrivals.length;
  const filtered = Boolean((view === 'all' && status) || projectId || labelFilters.length);
  const labelError = Object.entries(list.error?.fieldErrors ?? {}).find(([field]) => field.startsWith('label'))?.[1];

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
        {view === 'all' && (
          <div>
            <label htmlFor="filter-status">Status</label>
            <select id="filter-status" value={status ?? ''} onChange={(event) => filter({ status: event.target.value || undefined })}>
              <option value="">All statuses</option>
              {JOB_STATUSES.map((value) => (
                <option key={value} value={value}>
                  {statusLabel(value)}
                </option>
              ))}
            </select>
          </div>
        )}
        <ProjectFilter projects={projects.data?.projects} value={projectId} onChange={(project) => filter({ project })} />
        <LabelFilter values={labelFilters} onChange={(label) => filter({ label })} error={labelError} />
        {filtered && (
          <a className="link-button filters-clear" href={href([settings.path])}>
            Clear filters
          </a>
        )}
      </form>

      {!list.data && list.loading && <Loading label="Loading jobs…" />}
      {list.error && !list.data && !labelError && <ErrorNotice title="Could not load the jobs" error={list.error} onRetry={list.refetch} />}
      {(list.data || labelError) && rows.length === 0 && <NoJobs view={view} filtered={filtered} noProjects={projects.data?.projects.length === 0} />}
      {rows.length > 0 && (
        <>
          <BulkBar rows={rows} selection={selection} actions={settings.actions} onDone={list.refetch} />
          <JobsTable rows={rows} live={live} selection={selection} caption={settings.caption} labelLink={(label) => linkTo({ label: [...labelFilters.filter((other) => other !== label), label], page: undefined })} />
          {pagination && (
            <Pagination page={page} totalPages={Math.max(1, Math.ceil(total / PAGE_SIZE))} total={total} noun="job" linkTo={(target) => linkTo({ page: target === 1 ? undefined : target })} />
          )}
        </>
      )}
    </section>
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
