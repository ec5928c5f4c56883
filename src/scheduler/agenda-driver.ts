import { Agenda } from 'agenda';
import type { Logger } from 'pino';
import type { AgendaStore } from './agenda-store.js';
import { PostgresAgendaStore } from './postgres-agenda-store.js';

/** Every due job belongs to the window of this length that contains its due time. */
export const WINDOW_MS = 1_000;
/** A window's jobs are claimed this long before the window opens (above processEvery). */
export const CLAIM_LEAD_MS = 2_000;
const PROCESS_EVERY_MS = 1_000;
export const CLAIM_WINDOW_JOB = 'dispatch.claim-window';

export const windowStart = (at: Date | number): number => Math.floor(new Date(at).getTime() / WINDOW_MS) * WINDOW_MS;

export interface AgendaDriverOptions {
  databaseUrl: string;
  mongodbUrl: string | undefined;
  /** This deployment's id (its PostgreSQL database's): names its Agenda collection in MongoDB. */
  deploymentId: string;
  runJobs: boolean;
  /**
   * Agenda re-runs a handler that outlives its lock. Ours only claim (milliseconds) and
   * never deliver, but the lock still outlasts the longest attempt, so no configuration
   * can make a window run twice while an attempt it started is in flight.
   */
  lockLifetimeMs: number;
  log: Logger;
}

/**
 * Agenda decides when each window of due attempts is claimed: one one-time Agenda job per
 * window that holds work, named by the window's start, due CLAIM_LEAD_MS before it opens,
 * removed once done. The attempts themselves live in our jobs table, claimed in batches and
 * fired on millisecond timers by the Firer.
 */
export class AgendaDriver {
  private agenda: Agenda | undefined;
  private store: AgendaStore | undefined;
  private stopped = false;
  /** Far windows already ensured by this process; near ones are always re-ensured. */
  private readonly ensured = new Set<number>();

  constructor(private readonly options: AgendaDriverOptions) {}

  /** Connects to Agenda's store and registers the window handler; Agenda runs it only if `runJobs` (worker roles). */
  async start(claimWindow: (windowStartMs: number) => Promise<void>): Promise<void> {
    const log = this.options.log;
    const store = (this.store = await this.connectStore());
    const channel = store.notificationChannel;
    // The channel retries every 100 ms or so while its server is away, each failure an 'error':
    // one line when it breaks and one when it is back, not ten a second.
    let interrupted = false;
    channel?.on('error', (error: Error) => {
      if (!interrupted) log.warn({ err: error }, 'agenda notifications interrupted; reconnecting');
      interrupted = true;
    });
    channel?.on('stateChange', (state) => {
      // A reconnect under way when Agenda stops completes afterwards and holds a LISTEN client
      // out of our pool (or a change stream open) for good: let it go as soon as it lands.
      if (this.stopped && state === 'connected') void channel.disconnect().catch(() => undefined);
      else if (state === 'connected' && interrupted) {
        interrupted = false;
        log.info('agenda notifications restored');
      }
    });
    const agenda = new Agenda({
      backend: store.backend,
      notificationChannel: channel,
      name: `dispatch-${process.pid}`,
      processEvery: PROCESS_EVERY_MS,
      maxConcurrency: 50,
      defaultConcurrency: 10,
      defaultLockLifetime: 10 * 60_000,
    });
    agenda.on('error', (error) => log.warn({ err: error }, 'agenda error'));
    agenda.define<{ window: number }>(
      CLAIM_WINDOW_JOB,
      async (job) => claimWindow(Number(job.attrs.data.window)),
      { concurrency: 10, lockLifetime: this.options.lockLifetimeMs, removeOnComplete: true },
    );
    this.agenda = agenda;
    if (this.options.runJobs) await agenda.start();
    else await agenda.ready;
  }

  /** MongoDB for MONGODB_URL, loaded only then (the driver is large); otherwise the service's PostgreSQL. */
  private async connectStore(): Promise<AgendaStore> {
    const { mongodbUrl, databaseUrl, deploymentId, log } = this.options;
    if (!mongodbUrl) return PostgresAgendaStore.connect(databaseUrl, CLAIM_WINDOW_JOB, log);
    const { MongoAgendaStore } = await import('./mongo-agenda-store.js');
    return MongoAgendaStore.connect(mongodbUrl, deploymentId, PROCESS_EVERY_MS, log);
  }

  /** Agenda's store answering, for /healthz; undefined when the store is the service's PostgreSQL database. */
  health(timeoutMs: number): Promise<'ok' | 'down'> | undefined {
    return this.store?.health(timeoutMs);
  }

  /** Makes sure the window holding `dueAt` has its Agenda job. Idempotent. */
  async ensureWindow(dueAt: Date): Promise<void> {
    const window = windowStart(dueAt);
    const near = window - CLAIM_LEAD_MS <= Date.now() + WINDOW_MS;
    if (!near && this.ensured.has(window)) return;
    if (!this.agenda || !this.store) throw new Error('Agenda is not started');
    const store = this.store;
    await this.agenda
      .create(CLAIM_WINDOW_JOB, { window })
      .unique(store.windowQuery(window), { insertOnly: true })
      .schedule(new Date(Math.max(Date.now(), window - CLAIM_LEAD_MS)))
      .save()
      .catch((error) => {
        if (!store.isAlreadyStored(error)) throw error;
      });
    if (!near) this.ensured.add(window);
    if (this.ensured.size > 100_000) this.ensured.clear();
  }

  /** Windows before this many ms from now are claimed directly, not through Agenda. */
  static isNear(dueAt: Date): boolean {
    return windowStart(dueAt) - CLAIM_LEAD_MS <= Date.now() + 500;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const log = this.options.log;
    // The store is ours to close, whatever Agenda thinks it owns.
    await this.agenda?.stop(false).catch((error) => log.warn({ err: error }, 'agenda stop failed'));
    await this.store?.close().catch((error) => log.warn({ err: error }, 'agenda store close'));
  }
}
