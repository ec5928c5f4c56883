import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '../api/use-query';
import { FormProblems } from '../components/form-problems';
import { useNotify } from '../components/notices';
import { PayloadField, readPayload } from '../components/payload-field';
import { ProjectSelect } from '../components/project-select';
import { EmptyState, ErrorNotice, Loading } from '../components/states';
import { TextField } from '../components/text-field';
import { UtcTimeField } from '../components/utc-time-field';
import { toUtcInput } from '../format/time';
import { ProjectsDocument, ScheduleJobDocument } from '../generated/graphql';
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
  const projects = useQuery(ProjectsDocument, {});
  const schedule = useMutation(ScheduleJobDocument);
  const notify = useNotify();
  const [chosenProject, setChosenProject] = useState(route.query.get('project') ?? '');
  const [title, setTitle] = useState('');
  const [webhookUrl, setWebhookUrl] = useState('');
  const [fireAt, setFireAt] = useState(() => toUtcInput(new Date(Math.ceil((Date.now() + 5 * 60_000) / 60_000) * 60_000)));
  const [payload, setPayload] = useState('{\n  \n}');
  const [payloadProblem, setPayloadProblem] = useState<string | undefined>();

  if (!projects.data && projects.loading) return <Loading />;
  if (projects.error && !projects.data) return <ErrorNotice title="Could not load your projects" error={projects.error} onRetry={projects.refetch} />;
  const list = projects.data?.projects ?? [];
  if (list.length === 0) {
    return (
      <EmptyState title="Create a project first.">
        <p>Every job belongs to a project.</p>
        <a className="button button-primary" href={href(['projects'])}>
          Create a project
        </a>
      </EmptyState>
    );
  }
  const projectId = list.some((project) => project.id === chosenProject) ? chosenProject : list[0].id;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = readPayload(payload);
    if ('problem' in parsed) {
      setPayloadProblem(parsed.problem);
      document.getElementById('payload')?.focus();
      return;
    }
    setPayloadProblem(undefined);
    try {
      // Sent as typed: the API decides whether the time, URL and payload are acceptable.
      const { scheduleJob } = await schedule.run({
        input: { projectId, title, webhookUrl, fireAt: fireAt.trim(), payload: parsed.value as Record<string, unknown> },
      });
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
        <ProjectSelect projects={list} value={projectId} onChange={setChosenProject} error={fields.projectId} />

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

        <PayloadField value={payload} onChange={setPayload} problem={payloadProblem} onProblem={setPayloadProblem} error={fields.payload} />

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
