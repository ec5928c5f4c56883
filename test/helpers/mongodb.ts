import { randomBytes } from 'node:crypto';
import { CongoServer } from '@push.rocks/smartmongo/dist_ts/congodb/index.js';
import { MongoClient } from 'mongodb';
import { freePort } from './process.js';

export interface TestMongo {
  /** The server's URL (no database). */
  url: string;
  /** True for the CongoDB emulator, false for a real MongoDB at MONGODB_URL. */
  emulator: boolean;
}

let server: Promise<TestMongo> | undefined;

/**
 * The MongoDB that MongoDB-backend tests run against: a real one at MONGODB_URL when it is
 * set, otherwise the CongoDB emulator (a MongoDB wire-protocol server in TypeScript) started
 * once in this test process, on a port of its own. Says which on the test output.
 */
export function testMongo(): Promise<TestMongo> {
  return (server ??= (async () => {
    const real = process.env.MONGODB_URL;
    if (real) {
      console.log(`MongoDB backend: real MongoDB at ${withoutCredentials(real)}`);
      return { url: real, emulator: false };
    }
    const url = await startEmulator();
    console.log(`MongoDB backend: CongoDB emulator at ${url} (not MongoDB: no change streams, unique indexes or transactions; every query scans)`);
    return { url, emulator: true };
  })());
}

/**
 * CongoDB on a free port. Given port 0 it listens on some port but reports `:0` as its
 * address, so a free one is picked first (and another tried if it was taken meanwhile).
 * Its URL asks the driver to poll the server's state: CongoDB answers the streaming
 * `hello` of the driver's default monitoring once, not as a stream, and the driver then
 * clears its connection pool (failing operations in flight) at every heartbeat.
 */
async function startEmulator(): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const emulator = new CongoServer({ port, host: '127.0.0.1', storage: 'memory' });
    try {
      await emulator.start();
      return `mongodb://127.0.0.1:${port}/?serverMonitoringMode=poll`;
    } catch (error) {
      if (attempt === 5) throw error;
    }
  }
}

/** A fresh, empty MongoDB database (for one test file, or one deployment of it); dispose drops it. */
export async function createTestMongoDatabase(): Promise<{ url: string; dispose(): Promise<void> }> {
  const url = onDatabase((await testMongo()).url, `dispatch_test_${randomBytes(6).toString('hex')}`);
  let disposed: Promise<void> | undefined;
  return {
    url,
    dispose: () => (disposed ??= withMongo(url, async (client) => void (await client.db().dropDatabase()))),
  };
}

/** Runs `work` with a client of the database at `url`. */
export async function withMongo<T>(url: string, work: (client: MongoClient) => Promise<T>): Promise<T> {
  const client = await MongoClient.connect(url, { serverSelectionTimeoutMS: 5_000 });
  try {
    return await work(client);
  } finally {
    await client.close();
  }
}

/**
 * A MongoDB URL's scheme, credentials, hosts, database and options; not WHATWG URL, which
 * refuses the host lists of replica sets (`mongodb://a:27017,b:27017/dispatch`).
 */
const MONGODB_URL_PARTS = /^(mongodb(?:\+srv)?:\/\/)([^@/]*@)?([^/?]*)(\/[^?]*)?(\?.*)?$/;

function parts(url: string): { scheme: string; credentials: string; hosts: string; database: string; options: string } {
  const match = MONGODB_URL_PARTS.exec(url);
  if (!match) throw new Error('MONGODB_URL is not a mongodb:// or mongodb+srv:// URL');
  const [, scheme, credentials = '', hosts, path = '', options = ''] = match;
  return { scheme, credentials, hosts, database: path.slice(1), options };
}

/** `url` with its database replaced by `name`, credentials and options kept. */
function onDatabase(url: string, name: string): string {
  const { scheme, credentials, hosts, options } = parts(url);
  return `${scheme}${credentials}${hosts}/${name}${options}`;
}

function withoutCredentials(url: string): string {
  const { hosts, database } = parts(url);
  return database ? `${hosts}/${database}` : hosts;
}
