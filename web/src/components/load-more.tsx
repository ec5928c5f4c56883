import { useEffect, useRef } from 'react';

/**
 * The end of a list that grows as it is scrolled: when it comes near the viewport the next
 * page is asked for, and again after each page while it is still in view. The button does
 * the same for the keyboard and for screen readers.
 */
export function LoadMore({ hasMore, loading, onLoad, shown, noun }: { hasMore: boolean; loading: boolean; onLoad(): void; shown: number; noun: string }) {
  const end = useRef<HTMLDivElement>(null);
  const latest = useRef(onLoad);
  useEffect(() => {
    latest.current = onLoad;
  });
  useEffect(() => {
    const element = end.current;
    if (!element || !hasMore || loading) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) latest.current();
    }, { rootMargin: '200px 0px' });
    observer.observe(element);
    return () => observer.disconnect();
  }, [hasMore, loading, shown]);

  return (
    <div ref={end} className="load-more">
      <p className="pagination-status" role="status" aria-live="polite">
        {loading ? `Loading more ${noun}s…` : hasMore ? `${shown} ${noun}s shown; more load as you scroll.` : `All ${shown} ${shown === 1 ? noun : `${noun}s`} shown.`}
      </p>
      {hasMore && (
        <button type="button" className="button" onClick={onLoad} disabled={loading}>
          Load more
        </button>
      )}
    </div>
  );
}
