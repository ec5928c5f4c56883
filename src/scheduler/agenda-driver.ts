import { PostgresBackend } from '@agendajs/postgres-backend';
import { Agenda, type AgendaBackend } from 'agenda';
import pg from 'pg';
import type { Logger } from 'pino';
import { within } from '../deadline.js';

/** Every due job belongs to the window of this length that contains its due time. */
export const WINDOW_MS = 1_000;
/** A window's jobs are claimed this long before the window opens (above processEvery). */
export const CLAIM_LEAD_MS = 2_000;
const PROCESS_EVERY_MS = 1_000;
export const CLAIM_WINDOW_JOB = 'dispatch.claim-window';
const POOL_END_TIMEOUT_MS = 5_000;
/** Any fixed number: instances starting together take turns creating Agenda's tables. */
const AGENDA_SCHEMA_LOCK = 7_261_002;

export const windowStart = (at: Date | number): number => Math.floor(new Date(at).getTime() / WINDOW_MS) * WINDOW_MS;

export interface AgendaDriverOptions {
  databaseUrl: string;
  mongodbUrl: string | undefined;
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
  private pool: pg.Pool | undefined;
  private stopped = false;
  /** Far windows already ensured by this process; near ones are always re-ensured. */
  private readonly ensured = new Set<number>();

  constructor(private readonly options: AgendaDriverOptions) {}

  /** Connects to Agenda's store and registers the window handler; Agenda runs it only if `runJobs` (worker roles). */
  async start(claimWindow: (windowStartMs: number) => Promise<void>): Promise<void> {
    const log = this.options.log;
    const backend = await this.connectBackend();
    const channel = backend.notificationChannel;
    // The channel retries every 100 ms while the database is away, each failure an 'error':
    // one line when it breaks and one when it is back, not ten a second.
    let interrupted = false;
    channel?.on('error', (error: Error) => {
      if (!interrupted) log.warn({ err: error }, 'agenda notifications interrupted; reconnecting');
      interrupted = true;
    });
    channel?.on('stateChange', (state) => {
      // A reconnect under way when Agenda stops completes afterwards and holds a LISTEN client
      // out of our pool for good (and pool.end() waits for it): let it go as soon as it lands.
      if (this.stopped && state === 'connected') void channel.disconnect().catch(() => undefined);
      else if (state === 'connected' && interrupted) {
        interrupted = false;
        log.info('agenda notifications restored');
      }
    });
    const agenda = new Agenda({
      backend,
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

  /**
   * The backend for MONGODB_URL, loaded only then (the MongoDB driver is large), or the
   * PostgreSQL one with its tables created under a lock: the backend's own plain DDL fails
   * when instances start together on a fresh database.
   */
  private async connectBackend(): Promise<AgendaBackend> {
    if (this.options.mongodbUrl) {
      const { MongoBackend } = await import('@agendajs/mongo-backend');
      return new MongoBackend({ address: this.options.mongodbUrl, collection: 'agendaJobs' });
    }
    // Our own pool with an 'error' listener: an idle client dropped by a PostgreSQL restart
    // otherwise crashes the process.
    const pool = (this.pool = new pg.Pool({ connectionString: this.options.databaseUrl, max: 4 }));
    pool.on('error', (error) => this.options.log.warn({ err: error }, 'agenda pool connection lost'));
    const tables = { pool, tableName: 'agenda_jobs', channelName: 'agenda_jobs' };
    await withAdvisoryLock(pool, AGENDA_SCHEMA_LOCK, () => new PostgresBackend({ ...tables, disableNotifications: true }).connect());
    return new PostgresBackend({ ...tables, ensureSchema: false });
  }

  /** Makes sure the window holding `dueAt` has its Agenda job. Idempotent. */
  async ensureWindow(dueAt: Date): Promise<void> {
    const window = windowStart(dueAt);
    const near = window - CLAIM_LEAD_MS <= Date.now() + WINDOW_MS;
    if (!near && this.ensured.has(window)) return;
    if (!this.agenda) throw new Error('Agenda is not started');
    await this.agenda
      .create(CLAIM_WINDOW_JOB, { window })
      .unique({ 'data.window': window }, { insertOnly: true })
      .schedule(new Date(Math.max(Date.now(), window - CLAIM_LEAD_MS)))
      .save();
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
    await this.agenda?.stop(Boolean(this.options.mongodbUrl)).catch((error) => log.warn({ err: error }, 'agenda stop failed'));
    // pool.end() waits for every client to come back; one stuck in a query to a database
    // that stopped answering must not hold the shutdown forever.
    if (this.pool) await within(this.pool.end(), POOL_END_TIMEOUT_MS, 'agenda pool did not close').catch((error) => log.warn({ err: error }, 'agenda pool close'));
  }
}

async function withAdvisoryLock(pool: pg.Pool, key: number, work: () => Promise<void>): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [key]);
    await work();
  } finally {
    await client.query('select pg_advisory_unlock($1)', [key]).catch(() => undefined);
    client.release();
  }
}
