/**
 * Labels as the dashboard writes them: `key:value`, the form the REST filter
 * (`?label=key:value`) and the jobs page's URL use. The API judges keys and values; this
 * only splits the text at its first colon.
 */
export type Labels = Record<string, string>;

/** `env:prod` → { key: 'env', value: 'prod' } (a value may hold colons itself). */
export function readLabel(text: string): { key: string; value: string } | { problem: string } {
  const trimmed = text.trim();
  const colon = trimmed.indexOf(':');
  if (colon <= 0) return { problem: 'Write a label as key:value, like env:production.' };
  return { key: trimmed.slice(0, colon).trim(), value: trimmed.slice(colon + 1).trim() };
}

export const labelText = (key: string, value: string) => `${key}:${value}`;

/** The labels of a filter from its `key:value` texts; unreadable ones are left out. */
export function labelsOf(texts: readonly string[]): Labels {
  const labels: Labels = {};
  for (const text of texts) {
    const label = readLabel(text);
    if ('key' in label) labels[label.key] = label.value;
  }
  return labels;
}

/** A job's labels as the API returns them (a JSON object of strings), in their order. */
export function labelEntries(labels: Record<string, unknown>): Array<[string, string]> {
  return Object.entries(labels).map(([key, value]) => [key, String(value)]);
}
