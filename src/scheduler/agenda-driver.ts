import { MongoBackend } from '@agendajs/mongo-backend';
import { PostgresBackend } from '@agendajs/postgres-backend';
import { Agenda, type AgendaBackend } from 'agenda';
import pg from 'pg';
import type { Logger } from 'pino';

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
  private readonly agenda: Agenda;
  private readonly pool: pg.Pool | undefined;
  /** Far windows already ensured by this process; near ones are always re-ensured. */
  private readonly ensured = new Set<number>();

  constructor(private readonly options: AgendaDriverOptions) {
    const log = options.log;
    let backend: AgendaBackend;
    if (options.mongodbUrl) {
      backend = new MongoBackend({ address: options.mongodbUrl, collection: 'agendaJobs' });
    } else {
      // Our own pool with an 'error' listener: an idle client dropped by a PostgreSQL restart
      // otherwise crashes the process.
      this.pool = new pg.Pool({ connectionString: options.databaseUrl, max: 4 });
      this.pool.on('error', (error) => log.warn({ err: error }, 'agenda pool connection lost'));
      backend = new PostgresBackend({ pool: this.pool, tableName: 'agenda_jobs', channelName: 'agenda_jobs' });
    }
    backend.notificationChannel?.on?.('error', (error: Error) => log.warn({ err: error }, 'agenda notifications interrupted'));
    this.agenda = new Agenda({
      backend,
      name: `dispatch-${process.pid}`,
      processEvery: PROCESS_EVERY_MS,
      maxConcurrency: 50,
      defaultConcurrency: 10,
      defaultLockLifetime: 10 * 60_000,
    });
    this.agenda.on('error', (error) => log.warn({ err: error }, 'agenda error'));
  }

  /** Registers the window handler; Agenda runs it only if `runJobs` (worker roles). */
  async start(claimWindow: (windowStartMs: number) => Promise<void>): Promise<void> {
    this.agenda.define<{ window: number }>(
      CLAIM_WINDOW_JOB,
      async (job) => claimWindow(Number(job.attrs.data.window)),
      { concurrency: 10, lockLifetime: this.options.lockLifetimeMs, removeOnComplete: true },
    );
    if (this.options.runJobs) await this.agenda.start();
    else await this.agenda.ready;
  }

  /** Makes sure the window holding `dueAt` has its Agenda job. Idempotent. */
  async ensureWindow(dueAt: Date): Promise<void> {
    const window = windowStart(dueAt);
    const near = window - CLAIM_LEAD_MS <= Date.now() + WINDOW_MS;
    if (!near && this.ensured.has(window)) return;
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
    await this.agenda.stop(Boolean(this.options.mongodbUrl)).catch((error) => this.options.log.warn({ err: error }, 'agenda stop failed'));
    await this.pool?.end().catch(() => undefined);
  }
}
