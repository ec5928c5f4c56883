import type { ProjectList } from './projects-required';

/** The project filter of a list page: all projects, or one of them. */
export function ProjectFilter({ projects, value, onChange }: { projects: ProjectList | undefined; value: string | undefined; onChange(projectId: string | undefined): void }) {
  return (
    <div>
      <label htmlFor="filter-project">Project</label>
      <select id="filter-project" value={value ?? ''} onChange={(event) => onChange(event.target.value || undefined)}>
        <option value="">All projects</option>
        {projects?.map((project) => (
          <option key={project.id} value={project.id}>
            {project.name}
          </option>
        ))}
      </select>
    </div>
  );
}
