import { useCursorPages } from '../api/use-cursor-pages';
import { useQuery } from '../api/use-query';
import { LoadMore } from '../components/load-more';
import { ProjectFilter } from '../components/project-filter';
import { EmptyState, ErrorNotice, Loading } from '../components/states';
import { TimeFilter } from '../components/time-filter';
import { TimeText } from '../components/time-text';
import { toUtcInput } from '../format/time';
import { DeliveryLogsDocument, ProjectsDocument, type DeliveryLogsQuery } from '../generated/graphql';
import { href, navigate, type QueryValue, type Route } from '../routing/hash-route';

/** Attempts asked for at a time; the next page loads as the end of the list comes into view. */
export const LOG_PAGE_SIZE = 50;

const OUTCOMES = [
  { value: 'SUCCESS', label: 'Succeeded' },
  { value: 'FAILED', label: 'Failed' },
] as const;

const PRESETS = [
  { label: 'Last hour', ms: 3_600_000 },
  { label: 'Last 24 hours', ms: 86_400_000 },
  { label: 'Last 7 days', ms: 7 * 86_400_000 },
] as const;

const pageOf = (result: DeliveryLogsQuery) => result.deliveryLogs;

/**
 * Every delivery attempt of the user's projects (or one), newest first (#/logs), filtered
 * by outcome and a time range in the URL; each row links to its job.
 */
export function LogsPage({ route }: { route: Route }) {
  const projectId = route.query.get('project') ?? undefined;
  const status = OUTCOMES.find((outcome) => outcome.value === route.query.get('status'))?.value;
  const since = route.query.get('since') ?? undefined;
  const until = route.query.get('until') ?? undefined;

  const projects = useQuery(ProjectsDocument, {});
  const logs = useCursorPages(DeliveryLogsDocument, { projectId, status, since, until, first: LOG_PAGE_SIZE }, pageOf);
  const filters: Record<string, QueryValue> = { project: projectId, status, since, until };
  const refine = (changes: Record<string, QueryValue>) => navigate(href(['logs'], { ...filters, ...changes }));
  const fields = logs.error?.fieldErrors ?? {};
  const filtered = Boolean(projectId || status || since || until);

  return (
    <section aria-labelledby="logs-title">
      <div className="page-head">
        <h1 id="logs-title">Logs</h1>
      </div>
      <p className="muted">Every delivery attempt, newest first: when it was sent, its outcome, the response code, how long it took and why it failed.</p>

      <form className="filters" role="search" aria-label="Filter logs" onSubmit={(event) => event.preventDefault()}>
        <ProjectFilter projects={projects.data?.projects} value={projectId} onChange={(project) => refine({ project })} />
        <div>
          <label htmlFor="filter-outcome">Outcome</label>
          <select id="filter-outcome" value={status ?? ''} onChange={(event) => refine({ status: event.target.value || undefined })}>
            <option value="">All outcomes</option>
            {OUTCOMES.map((outcome) => (
              <option key={outcome.value} value={outcome.value}>
                {outcome.label}
              </option>
            ))}
          </select>
        </div>
        <TimeFilter id="filter-since" label="Sent from" value={since ?? ''} onChange={(value) => refine({ since: value })} error={fields.since} />
        <TimeFilter id="filter-until" label="Sent before" value={until ?? ''} onChange={(value) => refine({ until: value })} error={fields.until} />
        <div className="filter-presets" role="group" aria-label="Time range">
          {PRESETS.map((preset) => (
            <button key={preset.label} type="button" className="button button-small" onClick={() => refine({ since: toUtcInput(new Date(Date.now() - preset.ms)), until: undefined })}>
              {preset.label}
            </button>
          ))}
        </div>
        {filtered && (
          <a className="link-button filters-clear" href={href(['logs'])}>
            Clear filters
          </a>
        )}
      </form>

      {logs.loading && <Loading label="Loading logs…" />}
      {logs.error && !fields.since && !fields.until && <ErrorNotice title="Could not load the logs" error={logs.error} onRetry={logs.refetch} />}
      {!logs.loading && !logs.error && logs.nodes.length === 0 && (
        filtered ? (
          <EmptyState title="No attempts match these filters.">
            <a href={href(['logs'])}>Show all attempts</a>
          </EmptyState>
        ) : (
          <EmptyState title="No attempts yet.">
            <p>Each time a job is sent, its attempt is logged here.</p>
          </EmptyState>
        )
      )}
      {logs.nodes.length > 0 && (
        <>
          <table className="logs-table">
            <caption className="visually-hidden">Delivery attempts, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Sent</th>
                <th scope="col">Outcome</th>
                <th scope="col">Job</th>
                <th scope="col">Attempt</th>
                <th scope="col">Code</th>
                <th scope="col">Duration</th>
                <th scope="col">Error</th>
              </tr>
            </thead>
            <tbody>
              {logs.nodes.map((log) => (
                <tr key={log.id} data-log-id={log.id} data-job-id={log.jobId}>
                  <td data-label="Sent">
                    <TimeText iso={log.firedAt} />
                  </td>
                  <td data-label="Outcome">
                    <span className={`outcome outcome-${log.status.toLowerCase()}`}>{log.status}</span>
                  </td>
                  <td data-label="Job" className="cell-title">
                    <a href={href(['jobs', log.jobId])}>{log.jobTitle}</a>
                  </td>
                  <td data-label="Attempt">{log.attempt}</td>
                  <td data-label="Code" className="mono">
                    {log.responseCode ?? '—'}
                  </td>
                  <td data-label="Duration">{log.durationMs} ms</td>
                  <td data-label="Error" className="break">
                    {log.error ?? <span className="muted">—</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {logs.moreError && <ErrorNotice title="Could not load more logs" error={logs.moreError} onRetry={logs.loadMore} />}
          <LoadMore hasMore={logs.hasMore} loading={logs.loadingMore} onLoad={logs.loadMore} shown={logs.nodes.length} noun="attempt" />
        </>
      )}
    </section>
  );
}
