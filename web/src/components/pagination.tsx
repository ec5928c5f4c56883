/** Previous / next links for a paged list; the page lives in the URL so Back works. */
export function Pagination({ page, totalPages, total, noun, linkTo }: { page: number; totalPages: number; total: number; noun: string; linkTo(page: number): string }) {
  return (
    <nav className="pagination" aria-label="Pages">
      {page > 1 ? (
        <a className="button" href={linkTo(page - 1)} rel="prev">
          ← Newer
        </a>
      ) : (
        <span className="button" aria-disabled="true">
          ← Newer
        </span>
      )}
      <span className="pagination-status">
        Page {page} of {totalPages} · {total} {total === 1 ? noun : `${noun}s`}
      </span>
      {page < totalPages ? (
        <a className="button" href={linkTo(page + 1)} rel="next">
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
