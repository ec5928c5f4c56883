import { useEffect, useRef } from 'react';
import { Layout } from './components/layout';
import { NoticeProvider } from './components/notices';
import { EmptyState } from './components/states';
import { EndpointsPage } from './pages/endpoints-page';
import { LiveEventsProvider } from './live/live-context';
import { JobPage } from './pages/job-page';
import { JobsPage } from './pages/jobs-page';
import { LogsPage } from './pages/logs-page';
import { NewJobPage } from './pages/new-job-page';
import { NewSchedulePage } from './pages/new-schedule-page';
import { ProjectPage } from './pages/project-page';
import { ProjectsPage } from './pages/projects-page';
import { SchedulePage } from './pages/schedule-page';
import { SchedulesPage } from './pages/schedules-page';
import { SignInPage } from './pages/sign-in-page';
import { href, useRoute, type Route } from './routing/hash-route';
import { SessionProvider, useSession } from './session/session-context';

export function App() {
  return (
    <SessionProvider>
      <LiveEventsProvider>
        <NoticeProvider>
          <Screens />
        </NoticeProvider>
      </LiveEventsProvider>
    </SessionProvider>
  );
}

function Screens() {
  const { current } = useSession();
  const route = useRoute();
  const [section = 'jobs', id] = route.segments;
  const path = route.segments.join('/');

  // After a page change (not a filter change) focus goes to the new page, as it would on a load.
  const previousPath = useRef(path);
  useEffect(() => {
    if (previousPath.current === path) return;
    previousPath.current = path;
    document.getElementById('main')?.focus();
  }, [path]);

  useEffect(() => {
    document.title = current ? `${TITLES[section] ?? 'Not found'} · Dispatch` : 'Sign in · Dispatch';
  }, [current, section]);

  if (!current) return <SignInPage />;
  return (
    <Layout section={section}>
      <Page section={section} id={id} route={route} />
    </Layout>
  );
}

const TITLES: Record<string, string> = { jobs: 'Jobs', 'dead-jobs': 'Dead jobs', schedule: 'New job', schedules: 'Schedules', endpoints: 'Endpoints', logs: 'Logs', projects: 'Projects' };

function Page({ section, id, route }: { section: string; id: string | undefined; route: Route }) {
  // Keyed by section: the two lists of jobs do not share a selection.
  if (section === 'jobs') return id ? <JobPage key={id} jobId={id} /> : <JobsPage key={section} route={route} />;
  if (section === 'dead-jobs' && !id) return <JobsPage key={section} route={route} view="dead" />;
  if (section === 'schedule' && !id) return <NewJobPage route={route} />;
  if (section === 'schedules') {
    if (id === 'new') return <NewSchedulePage route={route} />;
    return id ? <SchedulePage key={id} scheduleId={id} route={route} /> : <SchedulesPage route={route} />;
  }
  if (section === 'endpoints' && !id) return <EndpointsPage route={route} />;
  if (section === 'logs' && !id) return <LogsPage route={route} />;
  if (section === 'projects') return id ? <ProjectPage key={id} projectId={id} /> : <ProjectsPage />;
  return (
    <EmptyState title="There is no such page.">
      <a href={href(['jobs'])}>Go to the jobs</a>
    </EmptyState>
  );
}
