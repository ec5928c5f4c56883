/**
 * The MongoDB of BENCH_AGENDA=mongo, in its own process so that the CongoDB emulator's work
 * is neither the load generator's nor hidden in it: a fresh database on MONGODB_URL's
 * server, or on an emulator started here.
 */
import { createTestMongoDatabase, testMongo } from '../test/helpers/mongodb.js';
import { serveHelper } from './ipc.js';

export interface OpenedMongo {
  url: string;
  emulator: boolean;
}

// stdout carries the benchmark's report: the helper's own lines go to stderr.
console.log = console.error;

let database: Awaited<ReturnType<typeof createTestMongoDatabase>> | undefined;
serveHelper({
  async open(): Promise<OpenedMongo> {
    database = await createTestMongoDatabase();
    return { url: database.url, emulator: (await testMongo()).emulator };
  },
  dispose: () => database?.dispose(),
});
