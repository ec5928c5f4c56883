import type { ReactNode } from 'react';
import { useQuery } from '../api/use-query';
import { ProjectsDocument, type ProjectsQuery } from '../generated/graphql';
import { href } from '../routing/hash-route';
import { EmptyState, ErrorNotice, Loading } from './states';

export type ProjectList = ProjectsQuery['projects'];

/**
 * Loads the user's projects for a form that creates something in one, and says what to do
 * when there is none. `preferred` (a project id from the URL) becomes the initial choice
 * when it is one of them, else the first project.
 */
export function ProjectsRequired({ noun, preferred, children }: { noun: string; preferred: string | null; children(projects: ProjectList, initial: string): ReactNode }) {
  const projects = useQuery(ProjectsDocument, {});
  if (!projects.data && projects.loading) return <Loading />;
  if (projects.error && !projects.data) return <ErrorNotice title="Could not load your projects" error={projects.error} onRetry={projects.refetch} />;
  const list = projects.data?.projects ?? [];
  if (list.length === 0) {
    return (
      <EmptyState title="Create a project first.">
        <p>Every {noun} belongs to a project.</p>
        <a className="button button-primary" href={href(['projects'])}>
          Create a project
        </a>
      </EmptyState>
    );
  }
  return children(list, list.some((project) => project.id === preferred) ? preferred! : list[0].id);
}
