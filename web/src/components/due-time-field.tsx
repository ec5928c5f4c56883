import { toUtcInput } from '../format/time';
import type { DueTime } from '../jobs/job-draft';
import { TextField } from './text-field';
import { UtcTimeField } from './utc-time-field';

const QUICK_TIMES = [
  { label: '+1 min', ms: 60_000 },
  { label: '+1 hour', ms: 3_600_000 },
  { label: '+1 day', ms: 86_400_000 },
];

const MODES: Array<{ value: DueTime['mode']; label: string }> = [
  { value: 'at', label: 'At a time' },
  { value: 'delay', label: 'After a delay' },
];

/**
 * When a job fires: a UTC time (`fireAt`, with +1 min / +1 hour / +1 day shortcuts) or a
 * delay from the moment the form is sent (`delay`: the server adds it to its own clock).
 * The API's messages about either arrive in `errors` under those names.
 */
export function DueTimeField({ due, onChange, errors }: { due: DueTime; onChange(due: DueTime): void; errors: Record<string, string> }) {
  return (
    <>
      <div className="choices" role="radiogroup" aria-label="When it fires">
        {MODES.map((mode) => (
          <label key={mode.value} className="choice">
            <input type="radio" name="due-mode" value={mode.value} checked={due.mode === mode.value} onChange={() => onChange({ ...due, mode: mode.value })} />
            {mode.label}
          </label>
        ))}
      </div>
      {due.mode === 'at' ? (
        <UtcTimeField id="fireAt" label="Fire at" value={due.fireAt} onChange={(fireAt) => onChange({ ...due, fireAt })} error={errors.fireAt}>
          {QUICK_TIMES.map((quick) => (
            <button key={quick.label} type="button" className="button button-small" onClick={() => onChange({ ...due, fireAt: toUtcInput(new Date(Date.now() + quick.ms)) })}>
              {quick.label}
            </button>
          ))}
        </UtcTimeField>
      ) : (
        <TextField
          id="delay"
          label="Delay"
          className="mono"
          value={due.delay}
          onChange={(delay) => onChange({ ...due, delay })}
          error={errors.delay}
          placeholder="15m"
          spellCheck={false}
          autoComplete="off"
          hint="How long after you save it fires: 90s, 15m, 2h, 1d, or milliseconds."
        />
      )}
    </>
  );
}
