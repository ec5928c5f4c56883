import { createClient, type Client } from 'graphql-ws';
import {
  LiveEndpointChangedDocument,
  LiveJobStatusDocument,
  type JobRowFragment,
  type JobStatus,
  type LiveEndpointChangedSubscription,
  type LiveJobStatusSubscription,
} from '../generated/graphql';

export type JobStatusEvent = LiveJobStatusSubscription['jobStatusChanged'];
export type EndpointChangeEvent = LiveEndpointChangedSubscription['endpointChanged'];

/** An event as the dashboard keeps it: with the moment this page received it. */
export interface ReceivedEvent extends JobStatusEvent {
  receivedAt: number;
}

export type ConnectionState = 'connecting' | 'live' | 'reconnecting';

/** The server closes a socket whose credentials are missing, bad, revoked or logged out with 4403. */
const FORBIDDEN = 4403;
/** Events kept per job for its timeline; a job has a handful in its whole life. */
const EVENTS_PER_JOB = 50;

/**
 * The one graphql-ws connection of a signed-in dashboard, subscribed to every job the user
 * can see. It keeps the events received since sign-in, because FAILED is momentary in the
 * database (a failed attempt moves on to SCHEDULED or DEAD at once): only the events show it.
 * Pages read it through `version`, which changes with every event or connection change.
 */
export class LiveJobEvents {
  version = 0;
  state: ConnectionState = 'connecting';
  private readonly byJob = new Map<string, ReceivedEvent[]>();
  /** Jobs created while the dashboard was open (previousStatus null), newest last. */
  private readonly created: ReceivedEvent[] = [];
  /** Runs of each schedule that started firing since sign-in: each one moves its next and last run. */
  private readonly startedBySchedule = new Map<string, number>();
  /** How many changes into each status arrived since sign-in: a list filtered on one reloads when it grows. */
  private readonly reachedByStatus = new Map<JobStatus, number>();
  private readonly listeners = new Set<() => void>();
  private readonly resyncListeners = new Set<() => void>();
  private readonly client: Client;
  private disposed = false;

  constructor(token: string, onForbidden: () => void) {
    const url = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/graphql`;
    this.client = createClient({
      url,
      connectionParams: { authorization: `Bearer ${token}` },
      lazy: false,
      retryAttempts: Number.POSITIVE_INFINITY,
      // A forbidden socket will stay forbidden: the session is over.
      shouldRetry: (event) => !isCloseEvent(event, FORBIDDEN),
      on: {
        connecting: (isRetry) => this.setState(isRetry ? 'reconnecting' : 'connecting'),
        connected: () => {
          this.setState('live');
          // Events sent before the subscription existed (pages load while the socket opens)
          // or while the socket was down are lost: pages reload what they show.
          for (const listener of this.resyncListeners) listener();
        },
        closed: (event) => {
          if (this.disposed) return;
          if (isCloseEvent(event, FORBIDDEN)) onForbidden();
          else this.setState('reconnecting');
        },
      },
    });
    this.client.subscribe<LiveJobStatusSubscription>(
      { query: LiveJobStatusDocument.toString() },
      {
        next: (result) => {
          if (result.data) this.receive(result.data.jobStatusChanged);
        },
        error: (error) => {
          if (!this.disposed && isCloseEvent(error, FORBIDDEN)) onForbidden();
        },
        complete: () => undefined,
      },
    );
  }

  /** For useSyncExternalStore. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getVersion = (): number => this.version;

  /** Called once the connection is up (again), when events may have been missed. */
  onResync(listener: () => void): () => void {
    this.resyncListeners.add(listener);
    return () => this.resyncListeners.delete(listener);
  }

  eventsFor(jobId: string): readonly ReceivedEvent[] {
    return this.byJob.get(jobId) ?? NONE;
  }

  /** When this page last saw an attempt of the job fail (for the lamp's FAILED dwell). */
  lastFailureAt(jobId: string): number | undefined {
    return this.byJob.get(jobId)?.findLast((event) => event.status === 'FAILED')?.receivedAt;
  }

  latestFor(jobId: string): ReceivedEvent | undefined {
    return this.byJob.get(jobId)?.at(-1);
  }

  /** How many runs of a schedule started firing since sign-in (pages reload the schedule when it grows). */
  runsStarted(scheduleId: string): number {
    return this.startedBySchedule.get(scheduleId) ?? 0;
  }

  /** How many jobs moved into `status` since sign-in. */
  reached(status: JobStatus): number {
    return this.reachedByStatus.get(status) ?? 0;
  }

  /** Replays of a job created since sign-in, newest first (replays made elsewhere earlier are not known here). */
  replaysOf(jobId: string): JobRowFragment[] {
    return this.createdJobs().filter((job) => job.replayOf === jobId);
  }

  /** Jobs created since sign-in, newest first, as their creation events described them. */
  createdJobs(): JobRowFragment[] {
    return this.created.map((event) => event.job).reverse();
  }

  /**
   * Changes of one project's endpoints (settings, a breaker opening or closing) on the same
   * connection, for as long as a page shows them; the returned function ends the subscription.
   */
  watchEndpoints(projectId: string, onChange: (change: EndpointChangeEvent) => void): () => void {
    return this.client.subscribe<LiveEndpointChangedSubscription>(
      { query: LiveEndpointChangedDocument.toString(), variables: { projectId } },
      {
        next: (result) => {
          if (result.data) onChange(result.data.endpointChanged);
        },
        // A project that is gone or not the user's ends the subscription; the page's own query says so.
        error: () => undefined,
        complete: () => undefined,
      },
    );
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.listeners.clear();
    this.resyncListeners.clear();
    await this.client.dispose();
  }

  private receive(event: JobStatusEvent): void {
    const received: ReceivedEvent = { ...event, receivedAt: Date.now() };
    const events = [...(this.byJob.get(event.jobId) ?? []), received].slice(-EVENTS_PER_JOB);
    this.byJob.set(event.jobId, events);
    if (event.previousStatus === null) this.created.push(received);
    const scheduleId = event.job.scheduleId;
    if (scheduleId && event.status === 'FIRING') this.startedBySchedule.set(scheduleId, this.runsStarted(scheduleId) + 1);
    this.reachedByStatus.set(event.status, this.reached(event.status) + 1);
    this.changed();
  }

  private setState(state: ConnectionState): void {
    if (this.state === state) return;
    this.state = state;
    this.changed();
  }

  private changed(): void {
    this.version += 1;
    for (const listener of this.listeners) listener();
  }
}

const NONE: readonly ReceivedEvent[] = Object.freeze([]);

function isCloseEvent(value: unknown, code: number): boolean {
  return typeof value === 'object' && value !== null && 'code' in value && (value as { code: unknown }).code === code;
}

/**
 * Jobs created after a list was fetched (newer than its newest row) that belong in it:
 * they go on top of its first page.
 */
export function createdSince(live: LiveJobEvents, listed: JobRowFragment[], belongs: (job: JobRowFragment) => boolean): JobRowFragment[] {
  const newest = listed.reduce((latest, job) => (job.createdAt > latest ? job.createdAt : latest), '');
  const known = new Set(listed.map((job) => job.id));
  return live.createdJobs().filter((job) => !known.has(job.id) && job.createdAt > newest && belongs(job));
}

/**
 * How far along its life a job is: later states rank higher, and each armed retry starts a
 * new round. An event or a fetched row only replaces what is shown when it is not behind,
 * so an answer fetched before an event cannot undo it, nor the other way round.
 */
export function progressOf(status: JobStatus, retryCount: number): number {
  const phase: Record<JobStatus, number> = { SCHEDULED: 0, FIRING: 1, FAILED: 2, SUCCESS: 3, DEAD: 3, CANCELLED: 3 };
  return retryCount * 10 + phase[status];
}

/** A job row with the newest live status applied, when that is ahead of the row. */
export function withLiveStatus<Row extends { status: JobStatus; retryCount: number }>(row: Row, latest: JobStatusEvent | undefined): Row {
  if (!latest || progressOf(latest.status, latest.retryCount) < progressOf(row.status, row.retryCount)) return row;
  return { ...row, status: latest.status, retryCount: latest.retryCount };
}
