import { useState, type FormEvent } from 'react';
import { useMutation } from '../api/use-query';
import { FormProblems } from '../components/form-problems';
import { JobDraftFields } from '../components/job-draft-fields';
import { useNotify } from '../components/notices';
import { usePayloadEditor } from '../components/payload-field';
import { ProjectSelect } from '../components/project-select';
import { ProjectsRequired, type ProjectList } from '../components/projects-required';
import { ScheduleJobDocument } from '../generated/graphql';
import { blankDraft, draftProblems, scheduleInput } from '../jobs/job-draft';
import { href, navigate, type Route } from '../routing/hash-route';

/**
 * The form for a one-off job ("Schedule a job", #/schedule). Times are typed in UTC (what
 * the API takes) with the local time as a hint, or as a delay; the API's own validation
 * messages are shown next to the field they are about.
 */
export function NewJobPage({ route }: { route: Route }) {
  return (
    <ProjectsRequired noun="job" preferred={route.query.get('project')}>
      {(projects, initial) => <NewJobForm projects={projects} initialProject={initial} />}
    </ProjectsRequired>
  );
}

function NewJobForm({ projects, initialProject }: { projects: ProjectList; initialProject: string }) {
  const schedule = useMutation(ScheduleJobDocument);
  const notify = useNotify();
  const [projectId, setProjectId] = useState(initialProject);
  const [draft, setDraft] = useState(() => blankDraft());
  const [problems, setProblems] = useState<Record<string, string>>({});
  const payload = usePayloadEditor();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = draftProblems(draft);
    setProblems(found);
    schedule.reset();
    const body = payload.read();
    if (!body || Object.keys(found).length) return;
    try {
      // Sent as typed: the API decides whether the time, URL, payload and options are acceptable.
      const { scheduleJob } = await schedule.run({ input: { projectId, ...scheduleInput(draft, body) } });
      notify(`“${scheduleJob.title}” is scheduled.`, { href: href(['jobs', scheduleJob.id]), label: 'Open it' });
      navigate(href(['jobs']));
    } catch {
      // schedule.error holds the messages shown below.
    }
  };

  const fields = { ...(schedule.error?.fieldErrors ?? {}), ...problems };

  return (
    <section aria-labelledby="schedule-title" className="narrow">
      <h1 id="schedule-title">Schedule a job</h1>
      <p className="muted">At the time you give, Dispatch POSTs the payload to the URL and retries if it fails.</p>
      <form onSubmit={submit} noValidate aria-busy={schedule.pending} className="form">
        <ProjectSelect projects={projects} value={projectId} onChange={setProjectId} error={fields.projectId} />
        <JobDraftFields draft={draft} onChange={setDraft} payload={payload} errors={fields} emptyMeans="Empty: the server’s default." />

        <FormProblems general={schedule.error?.generalMessage} fields={fields} outcome="The job was not scheduled" />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={schedule.pending}>
            {schedule.pending ? 'Scheduling…' : 'Schedule job'}
          </button>
          <a href={href(['jobs'])}>Cancel</a>
        </div>
      </form>
    </section>
  );
}
