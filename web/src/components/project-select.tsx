import type { ProjectList } from './projects-required';
import { FieldMessage } from './states';

/** The project a form creates something in, with the API's message about projectId. */
export function ProjectSelect({ projects, value, onChange, error }: { projects: ProjectList; value: string; onChange(id: string): void; error: string | undefined }) {
  return (
    <>
      <label htmlFor="project">Project</label>
      <select id="project" value={value} onChange={(event) => onChange(event.target.value)} aria-invalid={Boolean(error)} aria-describedby={error ? 'projectId-error' : undefined}>
        {projects.map((project) => (
          <option key={project.id} value={project.id}>
            {project.name}
          </option>
        ))}
      </select>
      <FieldMessage id="projectId-error" message={error} />
    </>
  );
}
