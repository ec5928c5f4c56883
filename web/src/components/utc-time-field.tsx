import type { ReactNode } from 'react';
import { formatLocal, formatRelative, readUtcInput } from '../format/time';
import { FieldMessage } from './states';

/**
 * An instant typed in UTC, as the API takes it, with the reader's local time (or what is
 * wrong with the text) under it. The API judges the value; its message comes in as `error`.
 */
export function UtcTimeField(props: {
  id: string;
  label: string;
  value: string;
  onChange(value: string): void;
  error: string | undefined;
  /** What an empty field means, for optional ones ("no end"); required fields leave it out. */
  whenEmpty?: string;
  /** Shortcut buttons shown next to the input. */
  children?: ReactNode;
}) {
  const { id, value, error, whenEmpty } = props;
  const time = readUtcInput(value);
  const hint = whenEmpty !== undefined && !value.trim() ? whenEmpty : 'date' in time ? `Your local time: ${formatLocal(time.date)} · ${formatRelative(time.date)}` : time.problem;
  return (
    <>
      <label htmlFor={id}>
        {props.label} <span className="label-note">({whenEmpty !== undefined ? 'UTC, optional' : 'UTC'})</span>
      </label>
      <div className="input-row">
        <input
          id={id}
          className="mono"
          value={value}
          onChange={(event) => props.onChange(event.target.value)}
          aria-invalid={Boolean(error)}
          aria-describedby={[error ? `${id}-error` : '', `${id}-hint`].filter(Boolean).join(' ')}
          placeholder="2026-06-13T09:30:00Z"
          spellCheck={false}
        />
        {props.children}
      </div>
      <p id={`${id}-hint`} className="hint" aria-live="polite">
        {hint}
      </p>
      <FieldMessage id={`${id}-error`} message={error} />
    </>
  );
}
