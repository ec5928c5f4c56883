/**
 * Where the session token lives in the browser: sessionStorage, which only this origin's
 * scripts can read, is never sent with requests by the browser (unlike a cookie, so no
 * cross-site request can ride on it) and is dropped when the tab closes.
 */
export interface StoredSession {
  token: string;
  user: { id: string; email: string };
}

const KEY = 'dispatch.session';

export function loadSession(): StoredSession | null {
  try {
    const raw = window.sessionStorage.getItem(KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<StoredSession>;
    return typeof parsed.token === 'string' && parsed.user ? (parsed as StoredSession) : null;
  } catch {
    return null;
  }
}

export function saveSession(session: StoredSession): void {
  try {
    window.sessionStorage.setItem(KEY, JSON.stringify(session));
  } catch {
    // Storage disabled (private mode quotas): the session then lasts as long as the page.
  }
}

export function clearSession(): void {
  try {
    window.sessionStorage.removeItem(KEY);
  } catch {
    // Nothing was stored.
  }
}
