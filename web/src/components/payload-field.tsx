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

/**
 * The JSON payload editor of the job and schedule forms. It says at once (on blur) when
 * the text is not JSON and can reformat it; whether it is an acceptable payload (an object)
 * is the API's call, whose message comes in as `error`.
 */
export function PayloadField(props: {
  value: string;
  onChange(value: string): void;
  /** Why the text is not JSON, as the form last found out with readPayload. */
  problem: string | undefined;
  onProblem(problem: string | undefined): void;
  /** The API's message about the payload. */
  error: string | undefined;
}) {
  const message = props.problem ?? props.error;
  return (
    <>
      <label htmlFor="payload">
        Payload <span className="label-note">(JSON object, optional)</span>
      </label>
      <textarea
        id="payload"
        className="mono"
        rows={8}
        value={props.value}
        onChange={(event) => {
          props.onChange(event.target.value);
          props.onProblem(undefined);
        }}
        onBlur={() => {
          const parsed = readPayload(props.value);
          props.onProblem('problem' in parsed ? parsed.problem : undefined);
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
            const parsed = readPayload(props.value);
            if ('value' in parsed) props.onChange(JSON.stringify(parsed.value, null, 2));
            else props.onProblem(parsed.problem);
          }}
        >
          Format JSON
        </button>
      </div>
    </>
  );
}
