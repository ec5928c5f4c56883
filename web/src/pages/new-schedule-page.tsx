import { useState, type FormEvent } from 'react';
import { useMutation } from '../api/use-query';
import { FormProblems } from '../components/form-problems';
import { useNotify } from '../components/notices';
import { PayloadField, usePayloadEditor } from '../components/payload-field';
import { ProjectSelect } from '../components/project-select';
import { ProjectsRequired, type ProjectList } from '../components/projects-required';
import { RunTimes } from '../components/run-times';
import { FieldMessage } from '../components/states';
import { TextField } from '../components/text-field';
import { UtcTimeField } from '../components/utc-time-field';
import { browserTimeZone } from '../format/time';
import { CreateScheduleDocument, type CatchUp } from '../generated/graphql';
import { href, navigate, type Route } from '../routing/hash-route';
import { CATCH_UP_POLICIES } from '../schedules/catch-up-policies';
import { knownTimeZones } from '../schedules/time-zones';
import { PREVIEW_RUNS, TIMING_FIELDS, useSchedulePreview, type PreviewState, type PreviewTiming } from '../schedules/use-schedule-preview';

type Repeat = 'cron' | 'every';

/** The two ways to repeat, as the form offers them; the field's id is the API's field name. */
const REPEATS: Record<Repeat, { choice: string; label: string; placeholder: string; hint: string; zoneHint: string; missing: string }> = {
  cron: {
    choice: 'On a cron expression',
    label: 'Cron expression',
    placeholder: '0 9 * * 1-5',
    hint: 'Minute, hour, day of month, month, weekday (5 fields), or seconds first (6 fields): 0 9 * * 1-5 is 09:00 on weekdays.',
    zoneHint: 'The expression is read on this zone’s clock, summer time included. An IANA name such as Europe/Berlin, America/New_York or UTC.',
    missing: 'a cron expression',
  },
  every: {
    choice: 'At a fixed interval',
    label: 'Every',
    placeholder: '15m',
    hint: 'A duration such as 30s, 15m, 2h or 1d (at least 1s), counted from the start time, or from now.',
    zoneHint: 'An interval does not depend on a zone: it only sets how the run times are shown.',
    missing: 'an interval',
  },
};

/**
 * The form for a recurring schedule. While the timing is typed, the API computes its next
 * runs (shown in the chosen zone and in UTC) and judges it, so a mistake in the expression,
 * zone or dates is marked at its field before anything is saved.
 */
export function NewSchedulePage({ route }: { route: Route }) {
  return (
    <ProjectsRequired noun="schedule" preferred={route.query.get('project')}>
      {(projects, initial) => <NewScheduleForm projects={projects} initialProject={initial} />}
    </ProjectsRequired>
  );
}

function NewScheduleForm({ projects, initialProject }: { projects: ProjectList; initialProject: string }) {
  const create = useMutation(CreateScheduleDocument);
  const notify = useNotify();
  const [projectId, setProjectId] = useState(initialProject);
  const [name, setName] = useState('');
  const [repeat, setRepeat] = useState<Repeat>('cron');
  const [expressions, setExpressions] = useState<Record<Repeat, string>>({ cron: '0 9 * * 1-5', every: '15m' });
  // The zone of the person writing the expression: "09:00" means their 09:00 (see docs/dashboard.md).
  const [timezone, setTimezone] = useState(browserTimeZone);
  const [startAt, setStartAt] = useState('');
  const [endAt, setEndAt] = useState('');
  const [title, setTitle] = useState('');
  const [webhookUrl, setWebhookUrl] = useState('');
  const payload = usePayloadEditor();
  const [catchUp, setCatchUp] = useState<CatchUp>('LATEST');
  const [zones] = useState(knownTimeZones);

  // Blank optional values are left out: the API's defaults apply (UTC, no start, no end).
  const typedTiming: PreviewTiming = {
    [repeat]: expressions[repeat],
    timezone: timezone.trim() || undefined,
    startAt: startAt.trim() || undefined,
    endAt: endAt.trim() || undefined,
  };
  // Nothing to preview until there is an expression or interval.
  const timing = expressions[repeat].trim() ? typedTiming : null;
  const preview = useSchedulePreview(timing);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body = payload.read();
    if (!body) return;
    try {
      // Sent as typed: the API decides what is acceptable, as it did for the preview.
      const { createSchedule } = await create.run({ input: { projectId, name, title, webhookUrl, payload: body, catchUp, ...typedTiming } });
      notify(`Schedule “${createSchedule.name}” created.`);
      navigate(href(['schedules', createSchedule.id]));
    } catch {
      // create.error holds the messages shown below.
    }
  };

  const submitted = create.error?.fieldErrors ?? {};
  const fields = fieldMessages(submitted, timing ? preview : undefined);

  return (
    <section aria-labelledby="new-schedule-title" className="narrow">
      <p className="breadcrumbs">
        <a href={href(['schedules'])}>Schedules</a>
      </p>
      <h1 id="new-schedule-title">New schedule</h1>
      <p className="muted">Each time the schedule comes round, Dispatch creates an ordinary job that POSTs the payload to the URL, with retries and a delivery log.</p>
      <form onSubmit={submit} noValidate aria-busy={create.pending} className="form">
        <TextField id="name" label="Name" value={name} onChange={setName} error={fields.name} placeholder="Weekday digest" hint="For you: it names the schedule in the dashboard." />
        <ProjectSelect projects={projects} value={projectId} onChange={setProjectId} error={fields.projectId} />

        <fieldset>
          <legend>When it runs</legend>
          <div className="choices" role="radiogroup" aria-label="Repeat">
            {(Object.keys(REPEATS) as Repeat[]).map((value) => (
              <label key={value} className="choice">
                <input type="radio" name="repeat" value={value} checked={repeat === value} onChange={() => setRepeat(value)} />
                {REPEATS[value].choice}
              </label>
            ))}
          </div>
          <TextField
            key={repeat}
            id={repeat}
            label={REPEATS[repeat].label}
            className="mono"
            value={expressions[repeat]}
            onChange={(value) => setExpressions((current) => ({ ...current, [repeat]: value }))}
            error={fields[repeat]}
            spellCheck={false}
            autoComplete="off"
            placeholder={REPEATS[repeat].placeholder}
            hint={REPEATS[repeat].hint}
          />

          <TextField id="timezone" label="Time zone" className="mono" value={timezone} onChange={setTimezone} error={fields.timezone} list="time-zones" spellCheck={false} autoComplete="off" hint={REPEATS[repeat].zoneHint} />
          <datalist id="time-zones">
            {zones.map((zone) => (
              <option key={zone} value={zone} />
            ))}
          </datalist>
          <div className="input-row">
            <button type="button" className="button button-small" onClick={() => setTimezone(browserTimeZone())}>
              Use my zone ({browserTimeZone()})
            </button>
            <button type="button" className="button button-small" onClick={() => setTimezone('UTC')}>
              Use UTC
            </button>
          </div>

          <UtcTimeField id="startAt" label="Start" value={startAt} onChange={setStartAt} error={fields.startAt} whenEmpty="Empty: it starts now." />
          <UtcTimeField id="endAt" label="End" value={endAt} onChange={setEndAt} error={fields.endAt} whenEmpty="Empty: it never ends. No run happens at or after the end." />

          <RunPreview preview={preview} waitingFor={timing ? undefined : REPEATS[repeat].missing} />
        </fieldset>

        <fieldset>
          <legend>What each run sends</legend>
          <TextField id="title" label="Job title" value={title} onChange={setTitle} error={fields.title} placeholder="Weekday digest" hint="The title of every run’s job, sent in the delivery body." />
          <TextField
            id="webhookUrl"
            label="Webhook URL"
            type="url"
            inputMode="url"
            value={webhookUrl}
            onChange={setWebhookUrl}
            error={fields.webhookUrl}
            placeholder="https://your-app.com/hooks/digest"
          />
          <PayloadField editor={payload} error={fields.payload} />
        </fieldset>

        <fieldset aria-describedby={fields.catchUp ? 'catchUp-error' : 'catchUp-hint'}>
          <legend>Missed runs</legend>
          <p id="catchUp-hint" className="hint">
            Occurrences that pass while Dispatch is down or the schedule is paused.
          </p>
          <div className="choices choices-stacked">
            {CATCH_UP_POLICIES.map((policy) => (
              <label key={policy.value} className="choice">
                <input type="radio" name="catchUp" value={policy.value} checked={catchUp === policy.value} onChange={() => setCatchUp(policy.value)} />
                <span>
                  {policy.label}
                  <span className="choice-note">{policy.description}</span>
                </span>
              </label>
            ))}
          </div>
          <FieldMessage id="catchUp-error" message={fields.catchUp} />
        </fieldset>

        <FormProblems general={create.error?.generalMessage} fields={submitted} outcome="The schedule was not created" />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={create.pending}>
            {create.pending ? 'Creating…' : 'Create schedule'}
          </button>
          <a href={href(['schedules'])}>Cancel</a>
        </div>
      </form>
    </section>
  );
}

/**
 * The messages shown at the fields. For the timing fields the live preview is the fresher
 * judgement (it validates as createSchedule does) once there is a timing to judge; the other
 * fields keep the messages of the last submit.
 */
function fieldMessages(submitted: Record<string, string>, preview: PreviewState | undefined): Record<string, string> {
  if (!preview) return submitted;
  const fields = Object.fromEntries(Object.entries(submitted).filter(([field]) => !(TIMING_FIELDS as readonly string[]).includes(field)));
  const previewed = preview.error?.fieldErrors ?? {};
  for (const field of TIMING_FIELDS) if (previewed[field]) fields[field] = previewed[field];
  return fields;
}

/** The next runs as the API computes them for what is typed, in the chosen zone and in UTC. */
function RunPreview({ preview, waitingFor }: { preview: PreviewState; waitingFor: string | undefined }) {
  const fieldProblem = preview.error && Object.keys(preview.error.fieldErrors).length > 0;
  return (
    <section className="preview" aria-labelledby="preview-title" aria-busy={preview.pending}>
      <div className="preview-head">
        <h2 id="preview-title">Next {PREVIEW_RUNS} runs</h2>
        {preview.pending && <span className="hint">Updating…</span>}
      </div>
      <div aria-live="polite">
        {waitingFor ? (
          <p className="muted">Enter {waitingFor} to see when it runs.</p>
        ) : fieldProblem ? (
          <p className="muted">None to show: fix the marked field.</p>
        ) : preview.error ? (
          <p className="field-error">{preview.error.generalMessage ?? preview.error.message}</p>
        ) : preview.runs ? (
          <RunTimes runs={preview.runs} timeZone={preview.runsZone} label={`Next ${PREVIEW_RUNS} runs`} />
        ) : (
          <p className="muted">Working them out…</p>
        )}
      </div>
    </section>
  );
}
