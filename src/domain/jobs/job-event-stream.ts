import type { Principal } from '../auth/principal.js';
import { notFound } from '../../errors.js';
import { isUuid } from '../validation.js';
import type { LocalJobEvents } from './job-events.js';
import type { JobStatusChange } from './job-status.js';

export interface StreamFilter {
  jobId?: string | null;
  projectId?: string | null;
  scheduleId?: string | null;
}

/** The project a job or schedule belongs to, if the caller may see it (null otherwise). */
export type ProjectOf = (principal: Principal, id: string) => Promise<string | null>;

/** How many undelivered events one slow subscriber may hold before it is cut off. */
const MAX_BUFFERED = 10_000;

/**
 * Live status changes for one subscriber, limited to what its credentials may see. The
 * filters are checked when the stream opens (an id the caller cannot see is an error, as
 * if it did not exist); a user's projects created later are recognised as events arrive.
 */
export class JobEventStreams {
  constructor(
    private readonly events: LocalJobEvents,
    private readonly canSeeProject: (principal: Principal, projectId: string) => Promise<boolean>,
    private readonly projectOfJob: ProjectOf,
    private readonly projectOfSchedule: ProjectOf,
  ) {}

  /**
   * `authorize` runs after listening has begun, so a change made while the checks run (a
   * client that subscribes and acts at once) reaches the stream.
   */
  open(authorize: () => Promise<Principal>, filter: StreamFilter): Promise<AsyncIterableIterator<JobStatusChange>> {
    return checkedStream((listener) => this.events.subscribe(listener), async () => {
      const principal = await authorize();
      let projectId = filter.projectId ?? undefined;
      const jobId = filter.jobId ?? undefined;
      const scheduleId = filter.scheduleId ?? undefined;
      if (projectId !== undefined && !(isUuid(projectId) && (await this.canSeeProject(principal, projectId)))) throw notFound('Project');
      for (const [id, projectOf, what] of [[jobId, this.projectOfJob, 'Job'], [scheduleId, this.projectOfSchedule, 'Schedule']] as const) {
        if (id === undefined) continue;
        const owner = isUuid(id) ? await projectOf(principal, id) : null;
        if (!owner || (projectId !== undefined && owner !== projectId)) throw notFound(what);
        projectId = owner;
      }
      const visible = new Map<string, Promise<boolean>>();
      return (change: JobStatusChange): Promise<boolean> | boolean => {
        if (jobId !== undefined && change.jobId !== jobId) return false;
        if (scheduleId !== undefined && change.scheduleId !== scheduleId) return false;
        if (projectId !== undefined) return change.projectId === projectId;
        if (principal.kind === 'apiKey') return change.projectId === principal.projectId;
        let seen = visible.get(change.projectId);
        if (!seen) visible.set(change.projectId, (seen = this.canSeeProject(principal, change.projectId)));
        return seen;
      };
    });
  }
}

/**
 * A filtered stream whose listening starts before `check` runs: events that arrive during
 * the (database) checks are kept and go through the filter `check` answers; if the checks
 * throw, nothing is left listening.
 */
export async function checkedStream<T>(
  subscribe: (listener: (event: T) => void) => () => void,
  check: () => Promise<(event: T) => Promise<boolean> | boolean>,
): Promise<AsyncIterableIterator<T>> {
  const early: T[] = [];
  // One past the bound is enough to know the subscriber must be cut off: memory stays bounded.
  const stopEarly = subscribe((event) => void (early.length <= MAX_BUFFERED && early.push(event)));
  let allowed: (event: T) => Promise<boolean> | boolean;
  try {
    allowed = await check();
  } finally {
    stopEarly();
  }
  if (early.length > MAX_BUFFERED) throw new Error('subscriber too slow: events dropped');
  // Synchronous from stopEarly to here: no event falls between the two listeners.
  return filteredStream((listener) => {
    for (const event of early) listener(event);
    return subscribe(listener);
  }, allowed);
}

/**
 * An async iterator over an event bus. Visibility checks may be async, so a chain keeps
 * events in arrival order whatever each check costs.
 */
function filteredStream<T>(
  subscribe: (listener: (event: T) => void) => () => void,
  allowed: (event: T) => Promise<boolean> | boolean,
): AsyncIterableIterator<T> {
  const queue: T[] = [];
  let wake: (() => void) | undefined;
  let done = false;
  let failure: Error | undefined;
  let chain: Promise<void> = Promise.resolve();
  const push = (change: T) => {
    if (done) return;
    if (queue.length >= MAX_BUFFERED) {
      failure = new Error('subscriber too slow: events dropped');
      finish();
      return;
    }
    queue.push(change);
    wake?.();
  };
  // Checks still running; while there are none, an allowed event is pushed at once.
  let checking = 0;
  const unsubscribe = subscribe((change) => {
    const verdict = allowed(change);
    if (verdict === false) return;
    if (verdict === true && checking === 0) return push(change);
    checking += 1;
    chain = chain.then(() => Promise.resolve(verdict).then((ok) => void (ok && push(change)), () => undefined)).finally(() => (checking -= 1));
  });
  const finish = () => {
    done = true;
    unsubscribe();
    wake?.();
  };
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next(): Promise<IteratorResult<T>> {
      while (queue.length === 0 && !done) await new Promise<void>((resolve) => (wake = resolve));
      if (queue.length > 0) return { value: queue.shift()!, done: false };
      if (failure) throw failure;
      return { value: undefined, done: true };
    },
    async return(): Promise<IteratorResult<T>> {
      queue.length = 0;
      finish();
      return { value: undefined, done: true };
    },
  };
}
