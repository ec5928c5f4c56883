/**
 * What the API said about a submitted form as a whole: its message that names no field,
 * and (for screen readers, who may not be at the fields) a summary of the field messages.
 */
export function FormProblems({ general, fields, outcome }: { general: string | undefined; fields: Record<string, string>; outcome: string }) {
  const messages = Object.values(fields);
  return (
    <>
      {general && (
        <p className="field-error" role="alert">
          {general}
        </p>
      )}
      {messages.length > 0 && (
        <p className="visually-hidden" role="alert">
          {outcome}: {messages.join(' ')}
        </p>
      )}
    </>
  );
}
