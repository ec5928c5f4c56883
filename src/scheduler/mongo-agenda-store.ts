import { MongoBackend, MongoChangeStreamNotificationChannel } from '@agendajs/mongo-backend';
import { MongoClient, MongoServerError, ObjectId, type Collection, type Db } from 'mongodb';
import type { Logger } from 'pino';
import { within } from '../deadline.js';
import type { AgendaStore } from './agenda-store.js';

/**
 * Operations give up after this long without a reachable server (the driver's default is
 * 30 s): during an outage Agenda's polls and the health check fail fast instead of piling up.
 */
const SERVER_SELECTION_TIMEOUT_MS = 5_000;
/** How long the start-up probe waits for the server to answer a change stream. */
const PROBE_TIMEOUT_MS = 5_000;
const DUPLICATE_KEY = 11_000;

/**
 * Agenda's jobs of one deployment (one PostgreSQL database): deployments sharing a MongoDB
 * database never see, lock or remove each other's window jobs.
 */
export const agendaCollectionName = (deploymentId: string): string => `agendaJobs_${deploymentId}`;

/**
 * The `_id` of a window's Agenda job, derived from the window (its first four bytes are the
 * window's start in seconds, as in any ObjectId). The `_id` index is the one unique index
 * every MongoDB server enforces, so two instances ensuring the same window at once store
 * one job: one upsert inserts it, the other matches it (or fails with a duplicate key).
 */
const windowJobId = (windowStartMs: number): ObjectId => ObjectId.createFromTime(Math.floor(windowStartMs / 1000));

/**
 * Agenda's store in MongoDB: our own client (so its health can be asked and it is closed
 * when we stop), one collection per deployment, and Agenda's change-stream notification
 * channel only where the server can do change streams (a replica set or sharded cluster).
 * Elsewhere (a standalone mongod, an emulator) a change stream fails at once and the
 * channel would reconnect every few hundred milliseconds for ever; this is found out once,
 * at start, and Agenda polls instead.
 */
export class MongoAgendaStore implements AgendaStore {
  private constructor(
    private readonly client: MongoClient,
    readonly backend: MongoBackend,
    readonly notificationChannel: MongoChangeStreamNotificationChannel | undefined,
  ) {}

  static async connect(url: string, deploymentId: string, pollEveryMs: number, log: Logger): Promise<MongoAgendaStore> {
    const client = await MongoClient.connect(url, { serverSelectionTimeoutMS: SERVER_SELECTION_TIMEOUT_MS });
    try {
      const db = client.db();
      const collection = agendaCollectionName(deploymentId);
      const backend = new MongoBackend({ mongo: db, collection });
      const unavailable = await changeStreamsUnavailable(db.collection(collection));
      if (unavailable) {
        log.info({ collection, reason: unavailable }, `agenda notifications: MongoDB cannot do change streams here; Agenda polls every ${pollEveryMs} ms`);
        return new MongoAgendaStore(client, backend, undefined);
      }
      log.info({ collection }, 'agenda notifications: MongoDB change streams');
      return new MongoAgendaStore(client, backend, new MongoChangeStreamNotificationChannel({ db, collection }));
    } catch (error) {
      await client.close().catch(() => undefined);
      throw error;
    }
  }

  windowQuery(windowStartMs: number): Record<string, unknown> {
    return { _id: windowJobId(windowStartMs), 'data.window': windowStartMs };
  }

  /** Two upserts of one new `_id` at once: the server inserts one and answers the other with a duplicate key. */
  isAlreadyStored(error: unknown): boolean {
    return error instanceof MongoServerError && error.code === DUPLICATE_KEY;
  }

  /** 'ok' when the server answers a ping within `timeoutMs`. */
  health(timeoutMs: number): Promise<'ok' | 'down'> {
    return within(this.db.command({ ping: 1 }), timeoutMs, 'MongoDB ping timed out').then(() => 'ok' as const, () => 'down' as const);
  }

  private get db(): Db {
    return this.client.db();
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

/** Why a change stream cannot be opened on `collection`, or undefined when it can. */
async function changeStreamsUnavailable(collection: Collection): Promise<string | undefined> {
  const stream = collection.watch([], { maxAwaitTimeMS: 100 });
  try {
    await within(stream.tryNext(), PROBE_TIMEOUT_MS, `no answer to a change stream within ${PROBE_TIMEOUT_MS} ms`);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await stream.close().catch(() => undefined);
  }
}
