import { useState } from 'react';
import { labelText, readLabel } from '../jobs/labels';
import { FieldMessage } from './states';

/**
 * The label filter of the jobs list: `key:value` entries, each a removable chip; a job is
 * listed when it has every one (AND). The entries live in the URL (`label=key:value`,
 * repeated), as the other filters do; `error` is the API's word on them.
 */
export function LabelFilter({ values, onChange, error }: { values: readonly string[]; onChange(values: string[]): void; error: string | undefined }) {
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const message = problem ?? error;

  const add = () => {
    if (!text.trim()) return;
    const label = readLabel(text);
    if ('problem' in label) {
      setProblem(label.problem);
      return;
    }
    const entry = labelText(label.key, label.value);
    // Another value for a key already filtered on replaces it: one job cannot have both.
    onChange([...values.filter((value) => !value.startsWith(`${label.key}:`)), entry]);
    setText('');
  };

  return (
    <div className="label-filter">
      <label htmlFor="filter-label">Label</label>
      <div className="input-row">
        <input
          id="filter-label"
          className="mono"
          value={text}
          placeholder="env:production"
          onChange={(event) => {
            setText(event.target.value);
            setProblem(undefined);
          }}
          onKeyDown={(event) => {
            if (event.key !== 'Enter') return;
            event.preventDefault();
            add();
          }}
          aria-invalid={Boolean(message)}
          aria-describedby={message ? 'filter-label-error' : 'filter-label-hint'}
          spellCheck={false}
          autoComplete="off"
        />
        <button type="button" className="button" onClick={add}>
          Add
        </button>
      </div>
      {!message && (
        <p id="filter-label-hint" className="visually-hidden">
          key:value, then Enter. Jobs with every label added are listed.
        </p>
      )}
      <FieldMessage id="filter-label-error" message={message} />
      {values.length > 0 && (
        <ul className="labels label-filters" aria-label="Label filters">
          {values.map((value) => (
            <li key={value} className="label-chip">
              <span className="mono">{value}</span>
              <button type="button" className="chip-remove" aria-label={`Remove label filter ${value}`} onClick={() => onChange(values.filter((other) => other !== value))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
