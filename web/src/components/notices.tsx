import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';

interface Notice {
  id: number;
  text: string;
  link?: { href: string; label: string };
}

const NoticeContext = createContext<(text: string, link?: Notice['link']) => void>(() => undefined);

const SHOWN_MS = 6_000;

/** Short confirmations ("Job scheduled") announced to screen readers and shown for a while. */
export function NoticeProvider({ children }: { children: ReactNode }) {
  const [notices, setNotices] = useState<Notice[]>([]);
  const notify = useCallback((text: string, link?: Notice['link']) => {
    setNotices((shown) => [...shown.slice(-2), { id: Date.now() + Math.random(), text, link }]);
  }, []);

  useEffect(() => {
    if (!notices.length) return;
    const timer = window.setTimeout(() => setNotices((shown) => shown.slice(1)), SHOWN_MS);
    return () => window.clearTimeout(timer);
  }, [notices]);

  return (
    <NoticeContext.Provider value={notify}>
      {children}
      <div className="notices" role="status" aria-live="polite">
        {notices.map((notice) => (
          <p key={notice.id} className="notice">
            {notice.text}
            {notice.link && (
              <>
                {' '}
                <a href={notice.link.href}>{notice.link.label}</a>
              </>
            )}
            <button type="button" className="notice-close" aria-label="Dismiss" onClick={() => setNotices((shown) => shown.filter((n) => n.id !== notice.id))}>
              ×
            </button>
          </p>
        ))}
      </div>
    </NoticeContext.Provider>
  );
}

export const useNotify = () => useContext(NoticeContext);
