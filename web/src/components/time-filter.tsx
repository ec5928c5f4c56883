import { useEffect, useRef, useState } from 'react';
import { formatLocal, readUtcInput } from '../format/time';
import { SEARCH_DEBOUNCE_MS } from './search-filter';
import { FieldMessage } from './states';

/**
 * One end of a time range filter, typed in UTC like every time the dashboard takes. It goes
 * into the URL once typing pauses and the text is a time (or empty); until then the hint
 * says what is wrong. `error` is the API's message about this field.
 */
export function TimeFilter({ id, label, value, onChange, error }: { id: string; label: string; value: string; onChange(value: string | undefined): void; error: string | undefined }) {
  const [text, setText] = useState(value);
  const [shown, setShown] = useState(value);
  if (value !== shown) {
    setShown(value);
    if (value !== text.trim()) setText(value);
  }
  const latest = useRef(onChange);
  useEffect(() => {
    latest.current = onChange;
  });
  const typed = text.trim();
  const time = typed ? readUtcInput(typed) : undefined;
  const usable = !time || 'date' in time;
  useEffect(() => {
    if (typed === value || !usable) return;
    const timer = window.setTimeout(() => latest.current(typed || undefined), SEARCH_DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [typed, value, usable]);

  const hint = !time ? 'Any time' : 'date' in time ? `Your local time: ${formatLocal(time.date)}` : time.problem;
  return (
    <div className="time-filter">
      <label htmlFor={id}>
        {label} <span className="label-note">(UTC)</span>
      </label>
      <input
        id={id}
        className="mono"
        value={text}
        onChange={(event) => setText(event.target.value)}
        placeholder="2026-06-13T09:30:00Z"
        aria-invalid={Boolean(error) || !usable}
        aria-describedby={[error ? `${id}-error` : '', `${id}-hint`].filter(Boolean).join(' ')}
        spellCheck={false}
        autoComplete="off"
      />
      <p id={`${id}-hint`} className="hint">
        {hint}
      </p>
      <FieldMessage id={`${id}-error`} message={error} />
    </div>
  );
}
