import { useChangedRows } from '../api/use-changed-rows';
import { useQuery } from '../api/use-query';
import { Pagination } from '../components/pagination';
import { ProjectFilter } from '../components/project-filter';
import { ScheduleState, ScheduleToggle } from '../components/schedule-toggle';
import { EmptyState, ErrorNotice, Loading } from '../components/states';
import { TimeWithLocal } from '../components/time-text';
import { ProjectsDocument, ScheduleListDocument, type ScheduleRowFragment } from '../generated/graphql';
import { useReloadOnRuns, useResync } from '../live/live-context';
import { href, navigate, type Route } from '../routing/hash-route';
import { PAGE_SIZE } from './jobs-page';

const STATES = [
  { value: 'active', label: 'Active', paused: false },
  { value: 'paused', label: 'Paused', paused: true },
] as const;

/**
 * Schedules of every project, newest first, each with its timing, next and last run and a
 * pause / resume button. The filters and the page live in the URL, as on the jobs page.
 */
export function SchedulesPage({ route }: { route: Route }) {
  const projectId = route.query.get('project') ?? undefined;
  const state = STATES.find((option) => option.value === route.query.get('state'));
  const page = Math.max(1, Number.parseInt(route.query.get('page') ?? '1', 10) || 1);

  const projects = useQuery(ProjectsDocument, {});
  const list = useQuery(ScheduleListDocument, { projectId, paused: state?.paused, page, limit: PAGE_SIZE });
  const changed = useChangedRows<ScheduleRowFragment>(list.data);
  useResync(list.refetch);
  useReloadOnRuns(list.data?.schedules.schedules.map((schedule) => schedule.id) ?? [], list.refetch);

  const filter = (changes: { project?: string; state?: string }) => navigate(href(['schedules'], { project: projectId, state: state?.value, ...changes, page: undefined }));
  const projectName = (id: string) => projects.data?.projects.find((project) => project.id === id)?.name ?? '';
  const rows = (list.data?.schedules.schedules ?? []).map(changed.apply);
  const pagination = list.data?.schedules.pagination;
  const filtered = Boolean(projectId || state);

  return (
    <section aria-labelledby="schedules-title">
      <div className="page-head">
        <h1 id="schedules-title">Schedules</h1>
        <a className="button button-primary" href={href(['schedules', 'new'], { project: projectId })}>
          New schedule
        </a>
      </div>
      <p className="muted">A schedule sends a webhook again and again, on a cron expression in a time zone or at a fixed interval; every run is an ordinary job.</p>

      <form className="filters" role="search" aria-label="Filter schedules" onSubmit={(event) => event.preventDefault()}>
        <ProjectFilter projects={projects.data?.projects} value={projectId} onChange={(project) => filter({ project })} />
        <div>
          <label htmlFor="filter-state">State</label>
          <select id="filter-state" value={state?.value ?? ''} onChange={(event) => filter({ state: event.target.value || undefined })}>
            <option value="">Active and paused</option>
            {STATES.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </div>
        {filtered && (
          <a className="link-button filters-clear" href={href(['schedules'])}>
            Clear filters
          </a>
        )}
      </form>

      {!list.data && list.loading && <Loading label="Loading schedules…" />}
      {list.error && !list.data && <ErrorNotice title="Could not load the schedules" error={list.error} onRetry={list.refetch} />}
      {list.data && rows.length === 0 && (
        filtered ? (
          <EmptyState title="No schedules match these filters.">
            <a href={href(['schedules'])}>Show all schedules</a>
          </EmptyState>
        ) : projects.data?.projects.length === 0 ? (
          <EmptyState title="No projects yet.">
            <p>Schedules belong to a project. Create one, then schedule your first recurring webhook.</p>
            <a className="button button-primary" href={href(['projects'])}>
              Create a project
            </a>
          </EmptyState>
        ) : (
          <EmptyState title="No schedules yet.">
            <p>Create one for work that recurs, such as “every weekday at 09:00 in Europe/Berlin” or “every 15 minutes”: you see its next runs before you save it.</p>
            <a className="button button-primary" href={href(['schedules', 'new'])}>
              New schedule
            </a>
          </EmptyState>
        )
      )}
      {rows.length > 0 && (
        <>
          <table className="schedules-table">
            <caption className="visually-hidden">Schedules, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Project</th>
                <th scope="col">Timing</th>
                <th scope="col">Next run</th>
                <th scope="col">Last run</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((schedule) => (
                <ScheduleRow key={schedule.id} schedule={schedule} projectName={projectName(schedule.projectId)} onChanged={changed.remember} />
              ))}
            </tbody>
          </table>
          {pagination && (
            <Pagination
              page={page}
              totalPages={Math.max(1, pagination.totalPages)}
              total={pagination.total}
              noun="schedule"
              linkTo={(target) => href(['schedules'], { project: projectId, state: state?.value, page: target === 1 ? undefined : target })}
            />
          )}
        </>
      )}
    </section>
  );
}

/** The expression or interval, with the zone a cron expression is read in under it. */
function TimingCell({ schedule }: { schedule: ScheduleRowFragment }) {
  if (!schedule.cron) return <span className="mono">every {schedule.every}</span>;
  return (
    <div>
      <span className="mono">{schedule.cron}</span>
      <span className="cell-url">{schedule.timezone}</span>
    </div>
  );
}

function ScheduleRow({ schedule, projectName, onChanged }: { schedule: ScheduleRowFragment; projectName: string; onChanged(updated: ScheduleRowFragment): void }) {
  return (
    <tr data-schedule-id={schedule.id}>
      <td data-label="Name" className="cell-title">
        <div>
          <a href={href(['schedules', schedule.id])}>{schedule.name}</a>
          <span className="cell-url">{schedule.webhookUrl}</span>
        </div>
      </td>
      <td data-label="Project">{projectName}</td>
      <td data-label="Timing" className="cell-timing">
        <TimingCell schedule={schedule} />
      </td>
      <td data-label="Next run">
        <TimeWithLocal iso={schedule.nextRunAt} none={schedule.paused ? 'paused' : 'none'} />
      </td>
      <td data-label="Last run">
        <TimeWithLocal iso={schedule.lastRunAt} />
      </td>
      <td data-label="State">
        <div className="cell-state">
          <ScheduleState paused={schedule.paused} />
          <ScheduleToggle schedule={schedule} onChanged={onChanged} small />
        </div>
      </td>
    </tr>
  );
}
