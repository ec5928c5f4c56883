import { createContext, useContext, useEffect, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { JobStatus } from '../generated/graphql';
import { SESSION_ENDED, useSession } from '../session/session-context';
import { LiveJobEvents, type EndpointChangeEvent } from './live-job-events';

const LiveContext = createContext<LiveJobEvents | null>(null);

/** Opens the live connection for the signed-in user and closes it on sign-out. */
export function LiveEventsProvider({ children }: { children: ReactNode }) {
  const { current, signOut } = useSession();
  const token = current?.token;
  const [live, setLive] = useState<LiveJobEvents | null>(null);

  useEffect(() => {
    if (!token) return;
    const events = new LiveJobEvents(token, () => signOut(SESSION_ENDED));
    // The socket is opened by this effect (StrictMode may open and close one twice), and
    // pages re-render with the instance once it exists: that is what this state is for.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setLive(events);
    return () => {
      setLive(null);
      void events.dispose();
    };
  }, [token, signOut]);

  return <LiveContext.Provider value={live}>{children}</LiveContext.Provider>;
}

/** The live events, re-rendering the caller on every event; null before the connection exists. */
export function useLiveEvents(): LiveJobEvents | null {
  const live = useContext(LiveContext);
  useSyncExternalStore(live?.subscribe ?? noSubscription, live?.getVersion ?? zero);
  return live;
}

/** Calls `reload` once the live connection is up (again), when events may have been missed. */
export function useResync(reload: () => void): void {
  const live = useContext(LiveContext);
  useEffect(() => live?.onResync(reload), [live, reload]);
}

/** Calls `onChange` for every change of the project's endpoints while the caller is shown. */
export function useEndpointChanges(projectId: string | undefined, onChange: (change: EndpointChangeEvent) => void): void {
  const live = useContext(LiveContext);
  const latest = useRef(onChange);
  useEffect(() => {
    latest.current = onChange;
  });
  useEffect(() => {
    if (!live || !projectId) return;
    return live.watchEndpoints(projectId, (change) => latest.current(change));
  }, [live, projectId]);
}

/**
 * Calls `reload` when a run of one of these schedules starts firing: their next and last
 * runs have moved on (the API computes both; the page only knows to ask again).
 */
export function useReloadOnRuns(scheduleIds: readonly string[], reload: () => void): void {
  const live = useLiveEvents();
  useReloadWhenGrows(scheduleIds.reduce((sum, id) => sum + (live?.runsStarted(id) ?? 0), 0), reload);
}

/**
 * Calls `reload` when jobs move into `status` (none: never): a list filtered on a status
 * (the dead jobs) gains rows that no event adds by itself, since they were fetched as
 * something else or not at all. Jobs often change together (an outage kills hundreds at
 * once), so one reload follows each burst, STATUS_BURST_MS after its first event.
 */
export function useReloadOnStatus(status: JobStatus | undefined, reload: () => void): void {
  const live = useLiveEvents();
  useReloadWhenGrows(status ? (live?.reached(status) ?? 0) : 0, reload, STATUS_BURST_MS);
}

const STATUS_BURST_MS = 500;

/** Calls `reload` when `count` grows: at once, or `settleMs` later for all the growth meanwhile. */
function useReloadWhenGrows(count: number, reload: () => void, settleMs = 0): void {
  const seen = useRef(count);
  const pending = useRef<number | undefined>(undefined);
  useEffect(() => {
    const grew = count > seen.current;
    seen.current = count;
    if (!grew) return;
    if (!settleMs) reload();
    else if (pending.current === undefined) {
      pending.current = window.setTimeout(() => {
        pending.current = undefined;
        reload();
      }, settleMs);
    }
  }, [count, reload, settleMs]);
  useEffect(() => () => window.clearTimeout(pending.current), []);
}

const noSubscription = () => () => undefined;
const zero = () => 0;
