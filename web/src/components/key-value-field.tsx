import { useEffect, useRef, useState } from 'react';
import { newRow, type KeyValueRow } from '../jobs/key-value-rows';
import { FieldMessage } from './states';

/**
 * Pairs of text inputs for a JSON object of strings (a job's labels, its request headers),
 * one row per entry, with Add and Remove. The API names a bad entry `<field>.<key>`
 * (`headers.Host`, `labels.team`): that message goes under its row, one about the whole
 * object under the list.
 */
export function KeyValueField(props: {
  /** The API's field name, also the start of every id: `labels`, `headers`. */
  field: string;
  legend: string;
  /** One entry, for the inputs' and buttons' names: `label`, `header`. */
  noun: string;
  keyName: string;
  hint: string;
  rows: KeyValueRow[];
  onChange(rows: KeyValueRow[]): void;
  errors: Record<string, string>;
  keyPlaceholder?: string;
  valuePlaceholder?: string;
}) {
  const { field, noun, rows, onChange, errors } = props;
  const Noun = noun[0].toUpperCase() + noun.slice(1);
  // After Add the new row's first input takes focus; after Remove, the Add button (the removed row's button is gone).
  // A new object each time, so that the same target twice still moves focus.
  const [focusNext, setFocusNext] = useState<{ target: string }>();
  const addButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!focusNext) return;
    (focusNext.target === 'add' ? addButton.current : document.getElementById(focusNext.target))?.focus();
  }, [focusNext]);

  const change = (id: number, part: Partial<KeyValueRow>) => onChange(rows.map((row) => (row.id === id ? { ...row, ...part } : row)));
  const wholeError = errors[field];

  return (
    <fieldset className="key-values" aria-describedby={wholeError ? `${field}-error` : `${field}-hint`}>
      <legend>{props.legend}</legend>
      <p id={`${field}-hint`} className="hint">
        {props.hint}
      </p>
      {rows.length > 0 && (
        <ul className="key-value-rows">
          {rows.map((row, index) => {
            const n = index + 1;
            const error = errors[`${field}.${row.key.trim()}`];
            const errorId = `${field}-${row.id}-error`;
            return (
              <li key={row.id}>
                <div className="key-value-row">
                  <input
                    id={`${field}-${row.id}-key`}
                    className="mono"
                    aria-label={`${Noun} ${n} ${props.keyName}`}
                    value={row.key}
                    onChange={(event) => change(row.id, { key: event.target.value })}
                    aria-invalid={Boolean(error)}
                    aria-describedby={error ? errorId : undefined}
                    placeholder={props.keyPlaceholder}
                    spellCheck={false}
                    autoComplete="off"
                  />
                  <input
                    className="mono"
                    aria-label={`${Noun} ${n} value`}
                    value={row.value}
                    onChange={(event) => change(row.id, { value: event.target.value })}
                    aria-invalid={Boolean(error)}
                    aria-describedby={error ? errorId : undefined}
                    placeholder={props.valuePlaceholder}
                    spellCheck={false}
                    autoComplete="off"
                  />
                  <button
                    type="button"
                    className="button button-small"
                    onClick={() => {
                      onChange(rows.filter((other) => other.id !== row.id));
                      setFocusNext({ target: 'add' });
                    }}
                  >
                    Remove<span className="visually-hidden"> {noun} {n}</span>
                  </button>
                </div>
                <FieldMessage id={errorId} message={error} />
              </li>
            );
          })}
        </ul>
      )}
      <button
        ref={addButton}
        type="button"
        className="button button-small"
        onClick={() => {
          const row = newRow();
          onChange([...rows, row]);
          setFocusNext({ target: `${field}-${row.id}-key` });
        }}
      >
        Add {noun}
      </button>
      <FieldMessage id={`${field}-error`} message={wholeError} />
    </fieldset>
  );
}
