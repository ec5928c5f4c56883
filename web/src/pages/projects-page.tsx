import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '../api/use-query';
import { useNotify } from '../components/notices';
import { EmptyState, ErrorNotice, Loading } from '../components/states';
import { TextField } from '../components/text-field';
import { TimeText } from '../components/time-text';
import { CreateProjectDocument, ProjectsDocument } from '../generated/graphql';
import { href, navigate } from '../routing/hash-route';

/** The user's projects and a form for a new one. */
export function ProjectsPage() {
  const projects = useQuery(ProjectsDocument, {});
  const create = useMutation(CreateProjectDocument);
  const notify = useNotify();
  const [name, setName] = useState('');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const { createProject } = await create.run({ name });
      notify(`Project “${createProject.name}” created. Create an API key for it below.`);
      navigate(href(['projects', createProject.id]));
    } catch {
      // Shown by the form.
    }
  };

  const list = projects.data?.projects ?? [];
  const fields = create.error?.fieldErrors ?? {};
  return (
    <section aria-labelledby="projects-title">
      <div className="page-head">
        <h1 id="projects-title">Projects</h1>
      </div>
      <p className="muted">A project groups jobs; its API keys schedule jobs in it, and its signing secret signs every delivery.</p>

      <form className="inline-form panel" onSubmit={submit} noValidate aria-busy={create.pending}>
        <div className="inline-form-field">
          <TextField id="project-name" label="New project name" value={name} onChange={setName} placeholder="production" error={fields.name} note={create.error?.generalMessage} />
        </div>
        <button type="submit" className="button button-primary" disabled={create.pending}>
          Create project
        </button>
      </form>

      {!projects.data && projects.loading && <Loading label="Loading projects…" />}
      {projects.error && !projects.data && <ErrorNotice title="Could not load your projects" error={projects.error} onRetry={projects.refetch} />}
      {projects.data && list.length === 0 && (
        <EmptyState title="No projects yet.">
          <p>Name your first project above, for example after the application or environment that will schedule jobs.</p>
        </EmptyState>
      )}
      {list.length > 0 && (
        <ul className="cards">
          {list.map((project) => (
            <li key={project.id} className="card">
              <a className="card-title" href={href(['projects', project.id])}>
                {project.name}
              </a>
              <span className="muted">
                Created <TimeText iso={project.createdAt} />
              </span>
              <a href={href(['jobs'], { project: project.id })}>Jobs of this project</a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
