import { formatLocal, formatRelative, formatUtc } from '../format/time';

/** A timestamp in UTC, with the reader's local time as a tooltip. */
export function TimeText({ iso }: { iso: string | null | undefined }) {
  if (!iso) return <span className="muted">never</span>;
  return (
    <time dateTime={iso} title={formatLocal(iso)}>
      {formatUtc(iso)}
    </time>
  );
}

/** A timestamp in UTC with the local time and how far away it is written out under it. */
export function TimeWithLocal({ iso, none }: { iso: string | null | undefined; none?: string }) {
  if (!iso) return <span className="muted">{none ?? 'never'}</span>;
  return (
    <>
      <TimeText iso={iso} />
      <span className="hint time-local">
        {formatLocal(iso)} · {formatRelative(iso)}
      </span>
    </>
  );
}
