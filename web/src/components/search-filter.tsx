import { useEffect, useRef, useState } from 'react';

/** How long typing must pause before the list is asked again. */
export const SEARCH_DEBOUNCE_MS = 300;

/**
 * The title search of a list: what is typed goes into the URL (`search=`) once typing
 * pauses, as the other filters do, and a change of the URL (Back, Clear filters) shows here.
 */
export function SearchFilter({ value, onChange }: { value: string; onChange(search: string | undefined): void }) {
  const [text, setText] = useState(value);
  const [shown, setShown] = useState(value);
  // The URL changed elsewhere: show its search (state adjusted while rendering, not in an effect).
  if (value !== shown) {
    setShown(value);
    if (value !== text.trim()) setText(value);
  }
  const latest = useRef(onChange);
  useEffect(() => {
    latest.current = onChange;
  });
  useEffect(() => {
    if (text.trim() === value) return;
    const timer = window.setTimeout(() => latest.current(text.trim() || undefined), SEARCH_DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [text, value]);

  return (
    <div className="search-filter">
      <label htmlFor="filter-search">Search titles</label>
      <input id="filter-search" type="search" value={text} onChange={(event) => setText(event.target.value)} placeholder="invoice" autoComplete="off" spellCheck={false} />
    </div>
  );
}
