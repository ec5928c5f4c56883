import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useMutation } from '../api/use-query';
import { formatUtc } from '../format/time';
import { UpdateJobDocument, type JobDetailQuery } from '../generated/graphql';
import { canChange } from '../jobs/job-actions';
import { changedInput, draftOf, draftProblems } from '../jobs/job-draft';
import { FormProblems } from './form-problems';
import { JobDraftFields } from './job-draft-fields';
import { useNotify } from './notices';
import { usePayloadEditor } from './payload-field';
import { statusLabel } from './status-lamp';

type Job = NonNullable<JobDetailQuery['job']>;

/**
 * Edits a scheduled job (updateJob): a new time or a delay, title, URL, payload, labels and
 * delivery options, filled in with what the job has now. Only what was changed is sent; an
 * option emptied goes back to the server's default. `job` follows the live status: once the
 * job starts firing it can no longer be changed, and the form says so instead of saving.
 */
export function JobEditForm({ job, onSaved, onClose }: { job: Job; onSaved(): void; onClose(): void }) {
  const update = useMutation(UpdateJobDocument);
  const notify = useNotify();
  // What the job had when the form opened: the basis of "what changed".
  const [original] = useState(() => draftOf(job));
  const [payloadText] = useState(() => JSON.stringify(job.payload, null, 2));
  const [draft, setDraft] = useState(original);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const payload = usePayloadEditor(payloadText);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const changeable = canChange(job);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = draftProblems(draft);
    setProblems(found);
    update.reset();
    const body = payload.text === payloadText ? undefined : payload.read();
    if ((payload.text !== payloadText && !body) || Object.keys(found).length) return;
    const input = changedInput(original, draft, body);
    if (Object.keys(input).length === 0) {
      notify('Nothing was changed.');
      onClose();
      return;
    }
    try {
      const { updateJob } = await update.run({ id: job.id, input });
      const moved = input.fireAt !== undefined || input.delay !== undefined;
      notify(`Changes to “${updateJob.title}” saved.${moved ? ` It fires at ${formatUtc(updateJob.fireAt)}.` : ''}`);
      onSaved();
    } catch {
      // update.error holds the messages shown at the fields.
    }
  };

  const fields = { ...(update.error?.fieldErrors ?? {}), ...problems };
  return (
    <section id="job-edit" className="panel job-edit" aria-labelledby="job-edit-title">
      <h2 id="job-edit-title" ref={heading} tabIndex={-1}>
        Edit job
      </h2>
      <p className="muted">Changes apply to the attempts still to come. A new time or delay replaces the old one: the job fires at the new time only.</p>
      {!changeable && (
        <p className="state state-error" role="alert">
          This job is {statusLabel(job.status).toLowerCase()} now: it can no longer be changed.
        </p>
      )}
      <form onSubmit={submit} noValidate aria-busy={update.pending} className="form narrow">
        <JobDraftFields draft={draft} onChange={setDraft} payload={payload} errors={fields} emptyMeans="Empty: back to the server’s default." />
        <FormProblems general={update.error?.generalMessage} fields={fields} outcome="The job was not changed" />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={update.pending || !changeable}>
            {update.pending ? 'Saving…' : 'Save changes'}
          </button>
          <button type="button" className="link-button" onClick={onClose}>
            Discard changes
          </button>
        </div>
      </form>
    </section>
  );
}
