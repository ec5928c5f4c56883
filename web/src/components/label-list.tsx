import { labelEntries, labelText } from '../jobs/labels';

/**
 * A job's labels as `key: value` chips. With `linkTo` each is a link to the jobs that carry
 * it too (the jobs list filtered on it); the text is the API's, shown as text.
 */
export function LabelList({ labels, linkTo }: { labels: Record<string, unknown>; linkTo?(label: string): string }) {
  const entries = labelEntries(labels);
  if (entries.length === 0) return null;
  return (
    <ul className="labels" aria-label="Labels">
      {entries.map(([key, value]) => (
        <li key={key} className="label-chip">
          {linkTo ? (
            <a href={linkTo(labelText(key, value))}>
              <span className="visually-hidden">Jobs labelled </span>
              {key}: {value}
            </a>
          ) : (
            <>
              {key}: {value}
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
