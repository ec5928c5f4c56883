/**
 * Where each cursor page of a list came from. A connection pages forward only (`after`):
 * "Newer" goes back to the cursor the page was reached from, and the page's number is
 * known for the status line. Kept for this tab's life; a page opened from a shared link
 * has no trail and offers the newest page instead.
 */
export interface TrailStep {
  /** The cursor of the page before (undefined: the first page). */
  previous: string | undefined;
  page: number;
}

const steps = new Map<string, TrailStep>();
/** Plenty for a session of paging; the oldest steps go first. */
const MAX_STEPS = 2_000;

const keyOf = (list: string, cursor: string) => `${list}\n${cursor}`;

/** The step that reached `cursor` in `list` (a list is its filters); the first page is page 1. */
export function trailStep(list: string, cursor: string | undefined): TrailStep | undefined {
  return cursor === undefined ? { previous: undefined, page: 1 } : steps.get(keyOf(list, cursor));
}

/** Records that `next` follows the page at `cursor`, shown as page `page`. */
export function recordStep(list: string, cursor: string | undefined, page: number | undefined, next: string): void {
  if (page === undefined) return;
  steps.set(keyOf(list, next), { previous: cursor, page: page + 1 });
  if (steps.size > MAX_STEPS) steps.delete(steps.keys().next().value!);
}
