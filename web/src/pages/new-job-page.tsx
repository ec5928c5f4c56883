import { useState, type FormEvent } from 'react';
import { useMutation } from '../api/use-query';
import { FormProblems } from '../components/form-problems';
import { useNotify } from '../components/notices';
import { PayloadField, usePayloadEditor } from '../components/payload-field';
import { ProjectSelect } from '../components/project-select';
import { ProjectsRequired, type ProjectList } from '../components/projects-required';
import { TextField } from '../components/text-field';
import { UtcTimeField } from '../components/utc-time-field';
import { toUtcInput } from '../format/time';
import { ScheduleJobDocument } from '../generated/graphql';
import { href, navigate, type Route } from '../routing/hash-route';

const QUICK_TIMES = [
  { label: '+1 min', ms: 60_000 },
  { label: '+1 hour', ms: 3_600_000 },
  { label: '+1 day', ms: 86_400_000 },
];

/**
 * The form for a one-off job ("Schedule a job", #/schedule). Times are typed in UTC (what
 * the API takes) with the local time as a hint; the API's own validation messages are
 * shown next to the field they are about.
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
  const [title, setTitle] = useState('');
  const [webhookUrl, setWebhookUrl] = useState('');
  const [fireAt, setFireAt] = useState(() => toUtcInput(new Date(Math.ceil((Date.now() + 5 * 60_000) / 60_000) * 60_000)));
  const payload = usePayloadEditor();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body = payload.read();
    if (!body) return;
    try {
      // Sent as typed: the API decides whether the time, URL and payload are acceptable.
      const { scheduleJob } = await schedule.run({ input: { projectId, title, webhookUrl, fireAt: fireAt.trim(), payload: body } });
      notify(`“${scheduleJob.title}” is scheduled.`, { href: href(['jobs', scheduleJob.id]), label: 'Open it' });
      navigate(href(['jobs']));
    } catch {
      // schedule.error holds the messages shown below.
    }
  };

  const fields = schedule.error?.fieldErrors ?? {};

  return (
    <section aria-labelledby="schedule-title" className="narrow">
      <h1 id="schedule-title">Schedule a job</h1>
      <p className="muted">At the time you give, Dispatch POSTs the payload to the URL and retries if it fails.</p>
      <form onSubmit={submit} noValidate aria-busy={schedule.pending} className="form">
        <ProjectSelect projects={projects} value={projectId} onChange={setProjectId} error={fields.projectId} />

        <TextField id="title" label="Title" value={title} onChange={setTitle} error={fields.title} placeholder="Trial expiry reminder" />

        <TextField
          id="webhookUrl"
          label="Webhook URL"
          type="url"
          inputMode="url"
          value={webhookUrl}
          onChange={setWebhookUrl}
          error={fields.webhookUrl}
          placeholder="https://your-app.com/hooks/trial-expiry"
        />

        <UtcTimeField id="fireAt" label="Fire at" value={fireAt} onChange={setFireAt} error={fields.fireAt}>
          {QUICK_TIMES.map((quick) => (
            <button key={quick.label} type="button" className="button button-small" onClick={() => setFireAt(toUtcInput(new Date(Date.now() + quick.ms)))}>
              {quick.label}
            </button>
          ))}
        </UtcTimeField>

        <PayloadField editor={payload} error={fields.payload} />

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
