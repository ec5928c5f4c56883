import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '../api/use-query';
import { useNotify } from '../components/notices';
import { EmptyState, ErrorNotice, FieldMessage, Loading } from '../components/states';
import { TextField } from '../components/text-field';
import { formatLocal, formatRelative, readUtcInput, toUtcInput } from '../format/time';
import { ProjectsDocument, ScheduleJobDocument } from '../generated/graphql';
import { href, navigate, type Route } from '../routing/hash-route';

const QUICK_TIMES = [
  { label: '+1 min', ms: 60_000 },
  { label: '+1 hour', ms: 3_600_000 },
  { label: '+1 day', ms: 86_400_000 },
];

/** What the payload editor holds: parsed JSON, or why it is not JSON. */
function readPayload(text: string): { value: unknown } | { problem: string } {
  if (!text.trim()) return { value: {} };
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    return { problem: `Not valid JSON: ${(error as Error).message}` };
  }
}

/**
 * The schedule form. Times are typed in UTC (what the API takes) with the local time as a
 * hint; the API's own validation messages are shown next to the field they are about.
 */
export function SchedulePage({ route }: { route: Route }) {
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
  const time = readUtcInput(fireAt);
  const payloadMessage = payloadProblem ?? fields.payload;
  const describe = (id: string, ...more: Array<string | false>) => [fields[id] ? `${id}-error` : false, ...more].filter(Boolean).join(' ') || undefined;

  return (
    <section aria-labelledby="schedule-title" className="narrow">
      <h1 id="schedule-title">Schedule a job</h1>
      <p className="muted">At the time you give, Dispatch POSTs the payload to the URL and retries if it fails.</p>
      <form onSubmit={submit} noValidate aria-busy={schedule.pending} className="form">
        <label htmlFor="project">Project</label>
        <select id="project" value={projectId} onChange={(event) => setChosenProject(event.target.value)} aria-describedby={describe('projectId')}>
          {list.map((project) => (
            <option key={project.id} value={project.id}>
              {project.name}
            </option>
          ))}
        </select>
        <FieldMessage id="projectId-error" message={fields.projectId} />

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

        <label htmlFor="fireAt">
          Fire at <span className="label-note">(UTC)</span>
        </label>
        <div className="input-row">
          <input
            id="fireAt"
            className="mono"
            value={fireAt}
            onChange={(event) => setFireAt(event.target.value)}
            aria-invalid={Boolean(fields.fireAt)}
            aria-describedby={describe('fireAt', 'fireAt-hint')}
            placeholder="2026-06-13T09:30:00Z"
            spellCheck={false}
          />
          {QUICK_TIMES.map((quick) => (
            <button key={quick.label} type="button" className="button button-small" onClick={() => setFireAt(toUtcInput(new Date(Date.now() + quick.ms)))}>
              {quick.label}
            </button>
          ))}
        </div>
        <p id="fireAt-hint" className="hint" aria-live="polite">
          {'date' in time ? `Your local time: ${formatLocal(time.date)} · ${formatRelative(time.date)}` : time.problem}
        </p>
        <FieldMessage id="fireAt-error" message={fields.fireAt} />

        <label htmlFor="payload">
          Payload <span className="label-note">(JSON object, optional)</span>
        </label>
        <textarea
          id="payload"
          className="mono"
          rows={8}
          value={payload}
          onChange={(event) => {
            setPayload(event.target.value);
            setPayloadProblem(undefined);
          }}
          onBlur={() => {
            const parsed = readPayload(payload);
            setPayloadProblem('problem' in parsed ? parsed.problem : undefined);
          }}
          aria-invalid={Boolean(payloadMessage)}
          aria-describedby={payloadMessage ? 'payload-error' : undefined}
          spellCheck={false}
        />
        <FieldMessage id="payload-error" message={payloadMessage} />
        <div className="input-row">
          <button
            type="button"
            className="button button-small"
            onClick={() => {
              const parsed = readPayload(payload);
              if ('value' in parsed) setPayload(JSON.stringify(parsed.value, null, 2));
              else setPayloadProblem(parsed.problem);
            }}
          >
            Format JSON
          </button>
        </div>

        {schedule.error?.generalMessage && (
          <p className="field-error" role="alert">
            {schedule.error.generalMessage}
          </p>
        )}
        {Object.keys(fields).length > 0 && (
          <p className="visually-hidden" role="alert">
            The job was not scheduled: {Object.values(fields).join(' ')}
          </p>
        )}
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
