/**
 * Newer / older links for a list paged by cursor; each page is a URL (its cursor), so Back
 * and shared links work. `newer` is undefined on the first page.
 */
export function CursorPagination({ newer, newerLabel = '← Newer', older, status }: { newer: string | undefined; newerLabel?: string; older: string | undefined; status: string }) {
  return (
    <nav className="pagination" aria-label="Pages">
      {newer ? (
        <a className="button" href={newer} rel="prev">
          {newerLabel}
        </a>
      ) : (
        <span className="button" aria-disabled="true">
          ← Newer
        </span>
      )}
      <span className="pagination-status">{status}</span>
      {older ? (
        <a className="button" href={older} rel="next">
          Older →
        </a>
      ) : (
        <span className="button" aria-disabled="true">
          Older →
        </span>
      )}
    </nav>
  );
}
