import { useCallback, useState } from 'react';

/**
 * Rows a mutation just returned, shown in place of the fetched ones until the next answer
 * of the query arrives: a toggled row shows its new state at once, and whatever the query
 * fetches afterwards (possibly newer still) replaces it. `basis` is the query's data.
 */
export function useChangedRows<Row extends { id: string }>(basis: unknown): { apply(row: Row): Row; remember(row: Row): void } {
  const [changed, setChanged] = useState<{ basis: unknown; rows: Record<string, Row> }>();
  const rows = changed && changed.basis === basis ? changed.rows : undefined;
  const apply = useCallback((row: Row) => rows?.[row.id] ?? row, [rows]);
  const remember = useCallback(
    (row: Row) => setChanged((previous) => ({ basis, rows: { ...(previous && previous.basis === basis ? previous.rows : {}), [row.id]: row } })),
    [basis],
  );
  return { apply, remember };
}
