import { useEffect, useState } from 'react';
import { useChangedRows } from '../api/use-changed-rows';
import { useQuery } from '../api/use-query';
import { EndpointCard } from '../components/endpoint-card';
import { ProjectsRequired, type ProjectList } from '../components/projects-required';
import { EmptyState, ErrorNotice, Loading } from '../components/states';
import { EndpointsDocument, type EndpointRowFragment } from '../generated/graphql';
import { useEndpointChanges, useResync } from '../live/live-context';
import { href, navigate, type Route } from '../routing/hash-route';

/**
 * Health is counted by the minute and written every few seconds, and an open breaker turns
 * half-open when its probe time comes, with no event for either: the page reads its
 * endpoints again this often. States that change by an event (settings, a breaker opening
 * or closing) come at once over the live connection.
 */
const REFRESH_MS = 10_000;

/** The receiver endpoints of one project (#/endpoints?project=…), the first one by default. */
export function EndpointsPage({ route }: { route: Route }) {
  return (
    <section aria-labelledby="endpoints-title">
      <div className="page-head">
        <h1 id="endpoints-title">Endpoints</h1>
      </div>
      <p className="muted">
        Each receiver origin (scheme, host and port) your jobs are sent to, made by its first job. Limit how fast and how many at once Dispatch sends to it, pause it,
        and see its circuit breaker and health. Jobs held back stay scheduled and keep their attempts.
      </p>
      <ProjectsRequired noun="endpoint" preferred={route.query.get('project')}>
        {(projects, projectId) => <ProjectEndpoints key={projectId} projects={projects} projectId={projectId} />}
      </ProjectsRequired>
    </section>
  );
}

function ProjectEndpoints({ projects, projectId }: { projects: ProjectList; projectId: string }) {
  const list = useQuery(EndpointsDocument, { projectId });
  const changed = useChangedRows<EndpointRowFragment>(list.data);
  const { refetch } = list;
  useEndpointChanges(projectId, refetch);
  useResync(refetch);
  const now = useRefresh(refetch);

  const rows = (list.data?.endpoints ?? []).map(changed.apply);
  return (
    <>
      <form className="filters" role="search" aria-label="Choose a project" onSubmit={(event) => event.preventDefault()}>
        <div>
          <label htmlFor="endpoints-project">Project</label>
          <select id="endpoints-project" value={projectId} onChange={(event) => navigate(href(['endpoints'], { project: event.target.value }))}>
            {projects.map((project) => (
              <option key={project.id} value={project.id}>
                {project.name}
              </option>
            ))}
          </select>
        </div>
      </form>
      {!list.data && list.loading && <Loading label="Loading endpoints…" />}
      {list.error && !list.data && <ErrorNotice title="Could not load the endpoints" error={list.error} onRetry={refetch} />}
      {list.data && rows.length === 0 && (
        <EmptyState title="No endpoints yet.">
          <p>An endpoint appears here with the first job scheduled to its origin.</p>
          <a className="button button-primary" href={href(['schedule'], { project: projectId })}>
            Schedule a job
          </a>
        </EmptyState>
      )}
      {rows.map((endpoint) => (
        <EndpointCard key={endpoint.id} endpoint={endpoint} now={now} onChanged={changed.remember} />
      ))}
    </>
  );
}

/** Calls `refetch` every REFRESH_MS while the tab is visible; returns the time of the last tick. */
function useRefresh(refetch: () => void): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => {
      if (document.visibilityState !== 'visible') return;
      setNow(Date.now());
      refetch();
    }, REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [refetch]);
  return now;
}
