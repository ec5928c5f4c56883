import type { InputHTMLAttributes, ReactNode } from 'react';
import { FieldMessage } from './states';

interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'onChange'> {
  id: string;
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  /** The API's message about this field: marks it invalid and is read out with it. */
  error?: string;
  /** Shown under the field, and read out with it, while there is no error. */
  hint?: ReactNode;
  /** A message under the field that is not about its value (a form-wide error). */
  note?: string;
}

/** A labelled text input with its hint and error, tied together for screen readers. */
export function TextField({ id, label, value, onChange, error, hint, note, ...input }: TextFieldProps) {
  const hintShown = !error && hint !== undefined;
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={Boolean(error)}
        aria-describedby={error ? `${id}-error` : hintShown ? `${id}-hint` : undefined}
        {...input}
      />
      {hintShown && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      <FieldMessage id={`${id}-error`} message={error ?? note} />
    </>
  );
}
