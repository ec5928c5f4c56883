import { CLAIM_WINDOW_JOB } from '../../src/scheduler/agenda-driver.js';
import { agendaCollectionName } from '../../src/scheduler/mongo-agenda-store.js';
import { withDatabase } from './jobs.js';
import { createTestMongoDatabase, withMongo } from './mongodb.js';

/**
 * The stores Agenda can keep its window jobs in. The scheduler's tests run once over each
 * (`describe.each(AGENDA_BACKENDS)`): MongoDB is the emulator unless MONGODB_URL is set.
 */
export const AGENDA_BACKENDS = ['PostgreSQL', 'MongoDB'] as const;
export type AgendaBackendName = (typeof AGENDA_BACKENDS)[number];

export interface AgendaStoreUnderTest {
  backend: AgendaBackendName;
  /** What Dispatch needs to use it: nothing for PostgreSQL (its own database), MONGODB_URL of a fresh database for MongoDB. */
  env: Record<string, string>;
  /** Window jobs stored for the window starting at `windowStartMs` by the deployment on `databaseUrl`. */
  windowJobs(databaseUrl: string, windowStartMs: number): Promise<number>;
  dispose(): Promise<void>;
}

export async function openAgendaStore(backend: AgendaBackendName): Promise<AgendaStoreUnderTest> {
  if (backend === 'PostgreSQL') {
    return {
      backend,
      env: {},
      windowJobs: (databaseUrl, windowStartMs) => withDatabase(databaseUrl, async (db) =>
        (await db.query(`select count(*)::int as n from agenda_jobs where name = $1 and data->>'window' = $2`, [CLAIM_WINDOW_JOB, String(windowStartMs)])).rows[0].n),
      dispose: async () => undefined,
    };
  }
  const mongo = await createTestMongoDatabase();
  return {
    backend,
    env: { MONGODB_URL: mongo.url },
    async windowJobs(databaseUrl, windowStartMs) {
      const collection = await agendaCollectionOf(databaseUrl);
      return withMongo(mongo.url, (client) => client.db().collection(collection).countDocuments({ name: CLAIM_WINDOW_JOB, 'data.window': windowStartMs }));
    },
    dispose: mongo.dispose,
  };
}

/** The MongoDB collection of the deployment whose PostgreSQL database is `databaseUrl`. */
export async function agendaCollectionOf(databaseUrl: string): Promise<string> {
  const id = await withDatabase(databaseUrl, async (db) => (await db.query('select id from deployment order by created_at, id limit 1')).rows[0].id as string);
  return agendaCollectionName(id);
}
