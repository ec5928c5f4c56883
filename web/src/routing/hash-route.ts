import { useSyncExternalStore } from 'react';

/**
 * Client routes live in the URL fragment (`#/jobs/…`): the server serves only `/` and the
 * built assets, so every other path keeps answering the API's JSON 404, and a reload or a
 * shared link still lands on the right page. No credential ever goes into the URL.
 */
export interface Route {
  /** Path segments after `#/`, e.g. ['jobs', '3f6c…']. */
  segments: string[];
  query: URLSearchParams;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

const currentHash = () => window.location.hash;

export function parseHash(hash: string): Route {
  const [path, search = ''] = hash.replace(/^#\/?/, '').split('?');
  return { segments: path.split('/').filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(search) };
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, currentHash);
  return parseHash(hash);
}

export type QueryValue = string | number | readonly string[] | undefined | null;

/** `#/a/b?x=1` from segments and query values (empty values are left out; a list repeats its name). */
export function href(segments: string[], query: Record<string, QueryValue> = {}): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    for (const item of typeof value === 'object' && value !== null ? value : [value]) {
      if (item !== undefined && item !== null && item !== '') search.append(name, String(item));
    }
  }
  const tail = search.toString();
  return `#/${segments.map(encodeURIComponent).join('/')}${tail ? `?${tail}` : ''}`;
}

export function navigate(to: string): void {
  if (window.location.hash !== to) window.location.hash = to;
}
