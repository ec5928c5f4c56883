import { useState, type FormEvent } from 'react';
import { useMutation } from '../api/use-query';
import { draftOf, settingsInput, settingsProblems, type EndpointSettingsDraft } from '../endpoints/endpoint-settings';
import { UpdateEndpointDocument, type EndpointRowFragment } from '../generated/graphql';
import { FormProblems } from './form-problems';
import { useNotify } from './notices';
import { TextField } from './text-field';

/**
 * An endpoint's rate limit (with its burst) and parallelism; empty means no limit. What is
 * typed stays while the endpoint changes live (a breaker opening does not wipe an edit);
 * a save shows what the server stored.
 */
export function EndpointSettingsForm({ endpoint, onSaved }: { endpoint: EndpointRowFragment; onSaved(updated: EndpointRowFragment): void }) {
  const update = useMutation(UpdateEndpointDocument);
  const notify = useNotify();
  const [draft, setDraft] = useState<EndpointSettingsDraft>(() => draftOf(endpoint));
  const [problems, setProblems] = useState<Record<string, string>>({});
  const id = (field: string) => `${field}-${endpoint.id}`;

  const change = (field: keyof EndpointSettingsDraft) => (value: string) => {
    setDraft((previous) => ({ ...previous, [field]: value }));
    setProblems((previous) => ({ ...previous, [field]: '' }));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const local = settingsProblems(draft);
    setProblems(local);
    update.reset();
    if (Object.keys(local).length) return;
    try {
      const { updateEndpoint } = await update.run({ id: endpoint.id, input: settingsInput(draft) });
      setDraft(draftOf(updateEndpoint));
      notify(`Settings of ${updateEndpoint.origin} saved.`);
      onSaved(updateEndpoint);
    } catch {
      // Shown at the fields.
    }
  };

  const fields = { ...(update.error?.fieldErrors ?? {}), ...Object.fromEntries(Object.entries(problems).filter(([, message]) => message)) };
  return (
    <form className="endpoint-settings" onSubmit={submit} noValidate aria-busy={update.pending} aria-label={`Settings of ${endpoint.origin}`}>
      <div className="endpoint-settings-fields">
        <div>
          <TextField id={id('rateLimit')} label="Rate limit (per second)" value={draft.rateLimit} onChange={change('rateLimit')} error={fields.rateLimit} hint="Empty: no limit" inputMode="decimal" autoComplete="off" />
        </div>
        <div>
          <TextField id={id('burst')} label="Burst" value={draft.burst} onChange={change('burst')} error={fields.burst} hint="Empty: one second’s worth" inputMode="numeric" autoComplete="off" />
        </div>
        <div>
          <TextField id={id('parallelism')} label="Parallelism" value={draft.parallelism} onChange={change('parallelism')} error={fields.parallelism} hint="Attempts at once; empty: no limit" inputMode="numeric" autoComplete="off" />
        </div>
      </div>
      <FormProblems general={update.error?.generalMessage} fields={fields} outcome="The settings were not saved" />
      <button type="submit" className="button button-primary" disabled={update.pending}>
        {update.pending ? 'Saving…' : 'Save settings'}
        <span className="visually-hidden"> of {endpoint.origin}</span>
      </button>
    </form>
  );
}
