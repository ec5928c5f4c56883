import { useState } from 'react';
import type { DeliveryDraft } from '../jobs/job-draft';
import { KeyValueField } from './key-value-field';
import { TextField } from './text-field';
import { UtcTimeField } from './utc-time-field';

/** The API's fields this group shows messages for (a header's is `headers.<name>`, a delay's `retry.delays[<n>]`). */
const OPTION_FIELD = /^(retry|timeout|headers|expiresAt)\b/;

/**
 * How a job is delivered, folded away by default (most jobs keep the server's defaults):
 * retries, the per-attempt timeout, extra request headers and an expiry. It unfolds by
 * itself when the API has something to say about one of them.
 */
export function DeliveryOptionsFields({ delivery, onChange, errors, emptyMeans }: {
  delivery: DeliveryDraft;
  onChange(delivery: DeliveryDraft): void;
  errors: Record<string, string>;
  /** What an empty field does, for its hint: the server's default, or back to it. */
  emptyMeans: string;
}) {
  const set = (part: Partial<DeliveryDraft>) => onChange({ ...delivery, ...part });
  const [open, setOpen] = useState(false);
  // Opened when a new message about an option arrives (state adjusted while rendering, not in an effect).
  const problems = Object.keys(errors).filter((field) => OPTION_FIELD.test(field)).join(' ');
  const [problemsSeen, setProblemsSeen] = useState(problems);
  if (problems !== problemsSeen) {
    setProblemsSeen(problems);
    if (problems) setOpen(true);
  }
  const delaysError = errors['retry.delays'] ?? Object.entries(errors).find(([field]) => field.startsWith('retry.delays['))?.[1];

  return (
    <details className="options" open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>
        Delivery options <span className="label-note">retries, timeout, headers, expiry</span>
      </summary>
      <div className="options-grid">
        <div>
          <TextField id="retry-maxAttempts" label="Attempts at most" inputMode="numeric" value={delivery.maxAttempts} onChange={(maxAttempts) => set({ maxAttempts })} error={errors['retry.maxAttempts']} hint={`1 to 20. ${emptyMeans}`} />
        </div>
        <div>
          <TextField id="retry-delays" label="Retry delays" className="mono" value={delivery.retryDelays} onChange={(retryDelays) => set({ retryDelays })} error={delaysError ?? errors.retry} placeholder="10s, 1m, 5m" spellCheck={false} autoComplete="off" hint="Before retry 1, 2, …; the last repeats." />
        </div>
        <div>
          <TextField id="retry-maxDelay" label="Longest retry delay" className="mono" value={delivery.maxDelay} onChange={(maxDelay) => set({ maxDelay })} error={errors['retry.maxDelay']} placeholder="1h" spellCheck={false} autoComplete="off" hint={emptyMeans} />
        </div>
        <div>
          <TextField id="timeout" label="Timeout per attempt" className="mono" value={delivery.timeout} onChange={(timeout) => set({ timeout })} error={errors.timeout} placeholder="10s" spellCheck={false} autoComplete="off" hint={`At most the server’s DELIVERY_TIMEOUT. ${emptyMeans}`} />
        </div>
      </div>
      <KeyValueField
        field="headers"
        legend="Request headers"
        noun="header"
        keyName="name"
        hint="Sent with every attempt, besides Dispatch’s own signed headers (which cannot be replaced). At most 20."
        rows={delivery.headers}
        onChange={(headers) => set({ headers })}
        errors={errors}
        keyPlaceholder="X-Tenant"
        valuePlaceholder="acme"
      />
      <UtcTimeField id="expiresAt" label="Expires at" value={delivery.expiresAt} onChange={(expiresAt) => set({ expiresAt })} error={errors.expiresAt} whenEmpty="Empty: it never expires. An attempt that cannot start before this is not sent: the job goes Dead." />
    </details>
  );
}
