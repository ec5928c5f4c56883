import { useState, type ReactNode } from 'react';
import { requestGraphQL } from '../api/graphql-client';
import { LogoutDocument } from '../generated/graphql';
import { useLiveEvents } from '../live/live-context';
import { href } from '../routing/hash-route';
import { useSession } from '../session/session-context';

const SECTIONS = [
  { key: 'jobs', label: 'Jobs' },
  // The jobs list filtered on DEAD, with "Replay all shown": where to go after an outage.
  { key: 'dead-jobs', label: 'Dead jobs' },
  // The one-off job form keeps its #/schedule route; "New job" tells it apart from Schedules.
  { key: 'schedule', label: 'New job' },
  { key: 'schedules', label: 'Schedules' },
  // Receiver origins of one project: flow control, circuit breaker, health.
  { key: 'endpoints', label: 'Endpoints' },
  // Every delivery attempt, newest first, loaded as it is scrolled.
  { key: 'logs', label: 'Logs' },
  { key: 'projects', label: 'Projects' },
] as const;

/** The frame around every signed-in page: navigation, live status, the account. */
export function Layout({ section, children }: { section: string; children: ReactNode }) {
  const { current, signOut } = useSession();
  const live = useLiveEvents();
  const [leaving, setLeaving] = useState(false);

  const logout = async () => {
    setLeaving(true);
    try {
      // Ends the session on the server too (and with it the live connection), not only here.
      await requestGraphQL(LogoutDocument, {}, current?.token ?? null);
    } catch {
      // Signed out locally all the same; the token expires on its own.
    }
    signOut();
  };

  const state = live?.state ?? 'connecting';
  return (
    <>
      <a className="skip-link" href="#main" onClick={(event) => {
        // The fragment is the router's: move focus instead of navigating.
        event.preventDefault();
        document.getElementById('main')?.focus();
      }}>
        Skip to content
      </a>
      <header className="topbar">
        <a className="brand" href={href(['jobs'])}>
          <img src="/favicon.svg" alt="" width="24" height="24" />
          Dispatch
        </a>
        <nav aria-label="Main">
          <ul>
            {SECTIONS.map((item) => (
              <li key={item.key}>
                <a href={href([item.key])} aria-current={section === item.key ? 'page' : undefined}>
                  {item.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="account">
          <span className={`live live-${state}`} title="Status changes arrive over a live connection">
            <span className="live-dot" aria-hidden="true" />
            {state === 'live' ? 'Live' : state === 'connecting' ? 'Connecting…' : 'Reconnecting…'}
          </span>
          <span className="account-email" title={current?.user.email}>
            {current?.user.email}
          </span>
          <button type="button" className="button button-small" onClick={logout} disabled={leaving}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
