import type { JobDraft } from '../jobs/job-draft';
import { DeliveryOptionsFields } from './delivery-options-fields';
import { DueTimeField } from './due-time-field';
import { KeyValueField } from './key-value-field';
import { PayloadField, type PayloadEditor } from './payload-field';
import { TextField } from './text-field';

/**
 * The fields of a one-off job, shared by the New job form and the edit form of a scheduled
 * job: title, URL, when, payload, labels and the folded delivery options. `errors` holds
 * the API's messages (and the browser's few) by the API's field names.
 */
export function JobDraftFields({ draft, onChange, payload, errors, emptyMeans }: {
  draft: JobDraft;
  onChange(draft: JobDraft): void;
  payload: PayloadEditor;
  errors: Record<string, string>;
  emptyMeans: string;
}) {
  const set = (part: Partial<JobDraft>) => onChange({ ...draft, ...part });
  return (
    <>
      <TextField id="title" label="Title" value={draft.title} onChange={(title) => set({ title })} error={errors.title} placeholder="Trial expiry reminder" />
      <TextField
        id="webhookUrl"
        label="Webhook URL"
        type="url"
        inputMode="url"
        value={draft.webhookUrl}
        onChange={(webhookUrl) => set({ webhookUrl })}
        error={errors.webhookUrl}
        placeholder="https://your-app.com/hooks/trial-expiry"
      />
      <DueTimeField due={draft.due} onChange={(due) => set({ due })} errors={errors} />
      <PayloadField editor={payload} error={errors.payload} />
      <KeyValueField
        field="labels"
        legend="Labels"
        noun="label"
        keyName="key"
        hint="key: value pairs to find the job by (the jobs list filters on them). At most 20."
        rows={draft.labels}
        onChange={(labels) => set({ labels })}
        errors={errors}
        keyPlaceholder="env"
        valuePlaceholder="production"
      />
      <DeliveryOptionsFields delivery={draft.delivery} onChange={(delivery) => set({ delivery })} errors={errors} emptyMeans={emptyMeans} />
    </>
  );
}
