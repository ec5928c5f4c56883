/**
 * Timestamp columns arrive from the driver as text: the named fields become Dates, in place.
 * Null stays null.
 */
export function withDates<T>(rows: Array<Record<string, unknown>>, fields: readonly string[]): T[] {
  for (const row of rows) {
    for (const key of fields) if (typeof row[key] === 'string') row[key] = new Date(row[key] as string);
  }
  return rows as T[];
}
