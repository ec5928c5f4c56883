import { useQuery } from '../api/use-query';
import { Pagination } from '../components/pagination';
import { ProjectFilter } from '../components/project-filter';
import { EmptyState, ErrorNotice, Loading } from '../components/states';
import { StatusLamp, statusLabel } from '../components/status-lamp';
import { TimeText } from '../components/time-text';
import { JobListDocument, ProjectsDocument, type JobRowFragment, type JobStatus } from '../generated/graphql';
import { useLiveEvents, useResync } from '../live/live-context';
import { createdSince, withLiveStatus } from '../live/live-job-events';
import { href, navigate, type Route } from '../routing/hash-route';

export const PAGE_SIZE = 20;
export const JOB_STATUSES: JobStatus[] = ['SCHEDULED', 'FIRING', 'SUCCESS', 'FAILED', 'DEAD', 'CANCELLED'];

const isJobStatus = (value: string | null): value is JobStatus => JOB_STATUSES.includes(value as JobStatus);

/**
 * Jobs of every project, newest first. Rows change status as events arrive, and jobs
 * created after the page loaded appear at the top of page 1 without a reload.
 */
export function JobsPage({ route }: { route: Route }) {
  const statusParam = route.query.get('status');
  const status = isJobStatus(statusParam) ? statusParam : undefined;
  const projectId = route.query.get('project') ?? undefined;
  const page = Math.max(1, Number.parseInt(route.query.get('page') ?? '1', 10) || 1);

  const projects = useQuery(ProjectsDocument, {});
  const list = useQuery(JobListDocument, { status, projectId, page, limit: PAGE_SIZE });
  const live = useLiveEvents();
  useResync(list.refetch);

  const filter = (changes: { status?: string; project?: string }) =>
    navigate(href(['jobs'], { status, project: projectId, ...changes, page: undefined }));

  const listed = list.data?.jobs.jobs ?? [];
  const arrivals = (page === 1 && live ? createdSince(live, listed, (job) => !projectId || job.projectId === projectId) : [])
    .map((row) => withLiveStatus(row, live?.latestFor(row.id)))
    .filter((row) => !status || row.status === status);
  const rows = [...arrivals, ...listed.map((row) => withLiveStatus(row, live?.latestFor(row.id)))].slice(0, PAGE_SIZE);
  const pagination = list.data?.jobs.pagination;
  const total = (pagination?.total ?? 0) + arrivals.length;
  const filtered = Boolean(status || projectId);

  return (
    <section aria-labelledby="jobs-title">
      <div className="page-head">
        <h1 id="jobs-title">Jobs</h1>
        <a className="button button-primary" href={href(['schedule'], { project: projectId })}>
          Schedule a job
        </a>
      </div>

      <form className="filters" role="search" aria-label="Filter jobs" onSubmit={(event) => event.preventDefault()}>
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
        <ProjectFilter projects={projects.data?.projects} value={projectId} onChange={(project) => filter({ project })} />
        {filtered && (
          <a className="link-button filters-clear" href={href(['jobs'])}>
            Clear filters
          </a>
        )}
      </form>

      {!list.data && list.loading && <Loading label="Loading jobs…" />}
      {list.error && !list.data && <ErrorNotice title="Could not load the jobs" error={list.error} onRetry={list.refetch} />}
      {list.data && rows.length === 0 && (
        filtered ? (
          <EmptyState title="No jobs match these filters.">
            <a href={href(['jobs'])}>Show all jobs</a>
          </EmptyState>
        ) : projects.data?.projects.length === 0 ? (
          <EmptyState title="No projects yet.">
            <p>Jobs belong to a project. Create one, then schedule your first webhook.</p>
            <a className="button button-primary" href={href(['projects'])}>
              Create a project
            </a>
          </EmptyState>
        ) : (
          <EmptyState title="No jobs yet.">
            <p>Schedule a webhook here, or send one through the API with a project key.</p>
            <a className="button button-primary" href={href(['schedule'])}>
              Schedule a job
            </a>
          </EmptyState>
        )
      )}
      {rows.length > 0 && (
        <>
          <table className="jobs-table">
            <caption className="visually-hidden">Jobs, newest first; statuses update live</caption>
            <thead>
              <tr>
                <th scope="col">Status</th>
                <th scope="col">Title</th>
                <th scope="col">Project</th>
                <th scope="col">Fires at</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((job) => (
                <JobRow key={job.id} job={job} failedAt={live?.lastFailureAt(job.id)} />
              ))}
            </tbody>
          </table>
          {pagination && (
            <Pagination
              page={page}
              totalPages={Math.max(1, Math.ceil(total / PAGE_SIZE))}
              total={total}
              noun="job"
              linkTo={(target) => href(['jobs'], { status, project: projectId, page: target === 1 ? undefined : target })}
            />
          )}
        </>
      )}
    </section>
  );
}

function JobRow({ job, failedAt }: { job: JobRowFragment; failedAt: number | undefined }) {
  return (
    <tr data-job-id={job.id}>
      <td data-label="Status">
        <StatusLamp status={job.status} retryCount={job.retryCount} failedAt={failedAt} />
      </td>
      <td data-label="Title" className="cell-title">
        <div>
          <a href={href(['jobs', job.id])}>{job.title}</a>
          <span className="cell-url">{job.webhookUrl}</span>
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
