import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/db/embedded-postgres.js';
import { freePort, startService, waitForHealthy, type ServiceProcess } from './process.js';

/** Settings every spawned instance shares: loopback, private targets allowed, no rate limits, short retries. */
export const INSTANCE_ENV = {
  HOST: '127.0.0.1',
  ALLOW_PRIVATE_TARGETS: 'true',
  RATE_LIMIT_SCHEDULE_PER_MINUTE: '0',
  RATE_LIMIT_READ_PER_MINUTE: '0',
  RATE_LIMIT_AUTH_PER_MINUTE: '0',
  RETRY_DELAYS: '500ms',
  DELIVERY_TIMEOUT: '2s',
  LOG_LEVEL: 'warn',
};

export interface Instance {
  url: string;
  service: ServiceProcess;
  /** Sends `signal` and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** A Dispatch process (`npm start`'s command) on its own port, once /healthz answers 200. */
export async function startInstance(databaseUrl: string, env: Record<string, string> = {}): Promise<Instance> {
  const port = await freePort();
  const service = startService({ ...INSTANCE_ENV, PORT: String(port), DATABASE_URL: databaseUrl, ...env });
  const url = `http://127.0.0.1:${port}`;
  await waitForHealthy(`${url}/healthz`, service);
  return {
    url,
    service,
    async stop(signal = 'SIGTERM') {
      if (service.child.exitCode === null && service.child.signalCode === null) service.child.kill(signal);
      return service.exited;
    },
  };
}

/**
 * A PostgreSQL cluster of the test's own (never the shared server), which the test may stop
 * and start again on the same port and data.
 */
export class OwnPostgres {
  private database: EmbeddedDatabase | undefined;
  url = '';

  private constructor(
    private readonly dir: string,
    private readonly port: number,
  ) {}

  static async start(): Promise<OwnPostgres> {
    const dir = await mkdtemp(path.join(tmpdir(), 'dispatch-own-pg-'));
    // As root the server runs as `postgres`, which must reach the directory.
    await chmod(dir, 0o755);
    const own = new OwnPostgres(dir, await freePort());
    await own.up();
    return own;
  }

  async up(): Promise<void> {
    this.database = await startEmbeddedPostgres({ dataDir: this.dir, port: this.port });
    this.url = this.database.url;
  }

  /** A fast shutdown: PostgreSQL ends every connection, then refuses new ones. */
  async down(): Promise<void> {
    await this.database?.stop();
    this.database = undefined;
  }

  async dispose(): Promise<void> {
    await this.down();
    await rm(this.dir, { recursive: true, force: true });
  }
}
