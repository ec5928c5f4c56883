import { useState } from 'react';
import { FieldMessage } from './states';

/** What the payload editor holds: parsed JSON, or why it is not JSON. */
export function readPayload(text: string): { value: unknown } | { problem: string } {
  if (!text.trim()) return { value: {} };
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    return { problem: `Not valid JSON: ${(error as Error).message}` };
  }
}

export interface PayloadEditor {
  text: string;
  setText(text: string): void;
  /** Why the text is not JSON, as last found out. */
  problem: string | undefined;
  setProblem(problem: string | undefined): void;
  /**
   * The payload to send, or undefined when the text is not JSON (the problem is then shown
   * and the editor focused). Whether it is an acceptable payload is left to the API.
   */
  read(): Record<string, unknown> | undefined;
}

/** The state of a form's payload editor, starting from `initial` (an empty object to fill in). */
export function usePayloadEditor(initial = '{\n  \n}'): PayloadEditor {
  const [text, setText] = useState(initial);
  const [problem, setProblem] = useState<string | undefined>();
  const read = () => {
    const parsed = readPayload(text);
    if ('problem' in parsed) {
      setProblem(parsed.problem);
      document.getElementById('payload')?.focus();
      return undefined;
    }
    setProblem(undefined);
    return parsed.value as Record<string, unknown>;
  };
  return { text, setText, problem, setProblem, read };
}

/**
 * The JSON payload editor of the job and schedule forms. It says at once (on blur) when
 * the text is not JSON and can reformat it; the API's message about the payload (not an
 * object, too large) comes in as `error`.
 */
export function PayloadField({ editor, error }: { editor: PayloadEditor; error: string | undefined }) {
  const message = editor.problem ?? error;
  return (
    <>
      <label htmlFor="payload">
        Payload <span className="label-note">(JSON object, optional)</span>
      </label>
      <textarea
        id="payload"
        className="mono"
        rows={8}
        value={editor.text}
        onChange={(event) => {
          editor.setText(event.target.value);
          editor.setProblem(undefined);
        }}
        onBlur={() => {
          const parsed = readPayload(editor.text);
          editor.setProblem('problem' in parsed ? parsed.problem : undefined);
        }}
        aria-invalid={Boolean(message)}
        aria-describedby={message ? 'payload-error' : undefined}
        spellCheck={false}
      />
      <FieldMessage id="payload-error" message={message} />
      <div className="input-row">
        <button
          type="button"
          className="button button-small"
          onClick={() => {
            const parsed = readPayload(editor.text);
            if ('value' in parsed) editor.setText(JSON.stringify(parsed.value, null, 2));
            else editor.setProblem(parsed.problem);
          }}
        >
          Format JSON
        </button>
      </div>
    </>
  );
}
