import { PostgresBackend } from '@agendajs/postgres-backend';
import pg from 'pg';
import type { Logger } from 'pino';
import { within } from '../deadline.js';
import type { AgendaStore } from './agenda-store.js';

const POOL_END_TIMEOUT_MS = 5_000;
/** Any fixed number: instances starting together take turns creating Agenda's tables. */
const AGENDA_SCHEMA_LOCK = 7_261_002;
const WINDOW_JOB_INDEX = 'agenda_jobs_window_key';
const UNIQUE_VIOLATION = '23505';

/**
 * Agenda's jobs in the service's own PostgreSQL database (table `agenda_jobs`), woken
 * through LISTEN/NOTIFY.
 */
export class PostgresAgendaStore implements AgendaStore {
  private constructor(
    private readonly pool: pg.Pool,
    readonly backend: PostgresBackend,
  ) {}

  /**
   * Our own pool with an 'error' listener: an idle client dropped by a PostgreSQL restart
   * otherwise crashes the process. The tables are created under a lock: the backend's own
   * plain DDL fails when instances start together on a fresh database.
   */
  static async connect(databaseUrl: string, windowJobName: string, log: Logger): Promise<PostgresAgendaStore> {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
    pool.on('error', (error) => log.warn({ err: error }, 'agenda pool connection lost'));
    const tables = { pool, tableName: 'agenda_jobs', channelName: 'agenda_jobs' };
    await withAdvisoryLock(pool, AGENDA_SCHEMA_LOCK, async () => {
      await new PostgresBackend({ ...tables, disableNotifications: true }).connect();
      await ensureOneJobPerWindow(pool, windowJobName);
    });
    return new PostgresAgendaStore(pool, new PostgresBackend({ ...tables, ensureSchema: false }));
  }

  get notificationChannel() {
    return this.backend.notificationChannel;
  }

  windowQuery(windowStartMs: number): Record<string, unknown> {
    return { 'data.window': windowStartMs };
  }

  /** Agenda's `unique()` looks before it inserts, so two instances can both insert: the index refuses the second. */
  isAlreadyStored(error: unknown): boolean {
    return error instanceof pg.DatabaseError && error.code === UNIQUE_VIOLATION && error.constraint === WINDOW_JOB_INDEX;
  }

  health(): undefined {
    return undefined;
  }

  /** pool.end() waits for every client to come back; one stuck in a query to a database that stopped answering must not hold the shutdown forever. */
  async close(): Promise<void> {
    await within(this.pool.end(), POOL_END_TIMEOUT_MS, 'agenda pool did not close');
  }
}

/**
 * One window job per window, enforced by the database: the backend's `unique()` is a SELECT
 * and then an INSERT, which instances ensuring the same window at once both pass. Windows
 * stored twice before the index existed are merged first.
 */
async function ensureOneJobPerWindow(pool: pg.Pool, windowJobName: string): Promise<void> {
  const { rows } = await pool.query<{ present: boolean }>('select to_regclass($1) is not null as present', [WINDOW_JOB_INDEX]);
  if (rows[0].present) return;
  await pool.query(
    `delete from agenda_jobs a using agenda_jobs b
      where a.name = $1 and b.name = $1 and a.data->>'window' = b.data->>'window' and a.id > b.id`,
    [windowJobName],
  );
  await pool.query(`create unique index if not exists ${WINDOW_JOB_INDEX} on agenda_jobs ((data->>'window')) where name = '${windowJobName.replaceAll("'", "''")}'`);
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
