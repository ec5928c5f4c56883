import { useState } from 'react';
import { useMutation } from '../api/use-query';
import { toUtcInput } from '../format/time';
import { ReplayJobDocument } from '../generated/graphql';
import { newIdempotencyKey } from '../jobs/idempotency-key';
import { href, navigate } from '../routing/hash-route';
import { ConfirmedAction } from './confirmed-action';
import { useNotify } from './notices';
import { UtcTimeField } from './utc-time-field';

type When = 'now' | 'at';

/**
 * Replays a finished job: a new job with the same request, due now or at a chosen UTC time,
 * and then its page. Each choice gets its own idempotency key, so confirming again after a
 * lost answer does not replay twice.
 */
export function ReplayJobButton({ job }: { job: { id: string; title: string } }) {
  const replay = useMutation(ReplayJobDocument);
  const notify = useNotify();
  const [when, setWhen] = useState<When>('now');
  const [fireAt, setFireAt] = useState('');
  const [idempotencyKey, setIdempotencyKey] = useState('');
  const choose = (change: () => void) => {
    change();
    setIdempotencyKey(newIdempotencyKey('replay'));
  };
  const fieldError = replay.error?.fieldErrors.fireAt;

  return (
    <ConfirmedAction
      label="Replay job"
      buttonClass="button button-primary"
      title="Replay this job?"
      confirmLabel="Replay job"
      cancelLabel="Not now"
      pending={replay.pending}
      error={fieldError ? undefined : replay.error?.generalMessage}
      onOpen={() => {
        replay.reset();
        choose(() => {
          setWhen('now');
          setFireAt(toUtcInput(new Date(Date.now() + 60 * 60_000)));
        });
      }}
      onConfirm={async () => {
        const { replayJob } = await replay.run({ id: job.id, fireAt: when === 'at' ? fireAt.trim() : undefined, idempotencyKey });
        notify(`“${job.title}” was replayed as a new job.`);
        navigate(href(['jobs', replayJob.id]));
      }}
    >
      <p>A new job sends the same title, URL, payload, options and labels. This one keeps its history and status.</p>
      <div className="choices" role="radiogroup" aria-label="When the replay fires">
        {(['now', 'at'] as const).map((value) => (
          <label key={value} className="choice">
            <input type="radio" name="replay-when" value={value} checked={when === value} onChange={() => choose(() => setWhen(value))} />
            {value === 'now' ? 'Now' : 'At a time'}
          </label>
        ))}
      </div>
      {when === 'at' && <UtcTimeField id="replay-fireAt" label="Replay at" value={fireAt} onChange={(value) => choose(() => setFireAt(value))} error={fieldError} />}
    </ConfirmedAction>
  );
}
