import { formatLocal, formatUtc } from '../format/time';

/** A timestamp in UTC, with the reader's local time as a tooltip. */
export function TimeText({ iso }: { iso: string | null | undefined }) {
  if (!iso) return <span className="muted">never</span>;
  return (
    <time dateTime={iso} title={formatLocal(iso)}>
      {formatUtc(iso)}
    </time>
  );
}
