/**
 * The rows of a key/value editor (a job's labels, its request headers). Rows keep an id of
 * their own so that React keeps each input's focus and text while a key is being typed.
 */
export interface KeyValueRow {
  id: number;
  key: string;
  value: string;
}

let lastRowId = 0;

export function newRow(key = '', value = ''): KeyValueRow {
  lastRowId += 1;
  return { id: lastRowId, key, value };
}

export function rowsOf(record: Record<string, unknown>): KeyValueRow[] {
  return Object.entries(record).map(([key, value]) => newRow(key, String(value)));
}

/** The object the API takes; rows left entirely blank are ignored. */
export function recordOf(rows: readonly KeyValueRow[]): Record<string, string> {
  const record: Record<string, string> = {};
  for (const row of rows) if (row.key.trim() || row.value) record[row.key.trim()] = row.value;
  return record;
}

/** A key typed twice: a JSON object cannot carry both, so the browser has to say it. */
export function repeatedKey(rows: readonly KeyValueRow[]): string | undefined {
  const seen = new Set<string>();
  for (const row of rows) {
    const key = row.key.trim();
    if (!key && !row.value) continue;
    if (seen.has(key)) return key;
    seen.add(key);
  }
  return undefined;
}

export function sameRecord(a: Record<string, string>, b: Record<string, string>): boolean {
  return JSON.stringify(Object.entries(a)) === JSON.stringify(Object.entries(b));
}
