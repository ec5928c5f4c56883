/**
 * Dispatch under test, as its own process (`node --import tsx src/main.ts`, what `npm start`
 * runs), so its CPU and memory are its own and can be read from /proc.
 */
import { readlinkSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startService, waitForHealthy, type ServiceProcess } from '../test/helpers/process.js';
import { cpuSeconds, mainThreadCpuSeconds, memory, procFile, resetPeak } from './procfs.js';

export interface BenchService {
  url: string;
  pid: number;
  /** Resident memory now and its peak since start or the last resetPeak(), bytes; null off Linux. */
  memory(): { rssBytes: number; peakRssBytes: number } | null;
  /** Starts a new peak-RSS window (Linux `clear_refs`); false where that is not possible. */
  resetPeak(): boolean;
  /** User + system CPU the service has used so far, seconds; null off Linux. */
  cpuSeconds(): number | null;
  /** The same for its main thread alone; null off Linux. */
  mainThreadCpuSeconds(): number | null;
  running(): boolean;
  /** How it ended ("exit code 1", "signal SIGKILL"), or null while it runs. */
  ended(): string | null;
  output(): string;
  /** SIGTERM (SIGKILL after 30 s); the CPU profile, if one was asked for, is written on exit. */
  stop(): Promise<{ exitCode: number | null; profilePath: string | undefined }>;
}

export const SERVICE_ENV = {
  // As deployed (the Dockerfile's setting).
  NODE_ENV: 'production',
  HOST: '127.0.0.1',
  LOG_LEVEL: 'warn',
  // The receiver is on loopback; the limits would otherwise cap the load we mean to offer.
  ALLOW_PRIVATE_TARGETS: 'true',
  RATE_LIMIT_SCHEDULE_PER_MINUTE: '0',
  RATE_LIMIT_READ_PER_MINUTE: '0',
  RATE_LIMIT_AUTH_PER_MINUTE: '0',
  // The scale phase measures a retention pass: it should not wait a minute for one.
  RETENTION_INTERVAL: '5s',
};

const SOURCE_DIR = fileURLToPath(new URL('../src/', import.meta.url)).replace(/\/$/, '');

export async function startBenchService(opts: { databaseUrl: string; mongodbUrl?: string; nodeArgs: readonly string[]; profileDir?: string; role?: 'worker' }): Promise<BenchService> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const nodeArgs = [...opts.nodeArgs, ...(opts.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.profileDir}`] : [])];
  // Started from src/ as `main.ts`: a `pkill -f src/main.ts` meant for other Dispatch
  // instances on the machine (dev servers) then leaves the one being measured alone.
  const env = {
    ...SERVICE_ENV, PORT: String(port), DATABASE_URL: opts.databaseUrl, ...(opts.mongodbUrl ? { MONGODB_URL: opts.mongodbUrl } : {}), ...(opts.role ? { ROLE: opts.role } : {}),
  };
  const service: ServiceProcess = startService(env, { nodeArgs, cwd: SOURCE_DIR, script: 'main.ts' });
  try {
    await waitForHealthy(`${url}/healthz`, service);
  } catch (error) {
    service.child.kill('SIGKILL');
    throw error;
  }
  const pid = service.child.pid!;
  assertIsService(pid);

  return {
    url,
    pid,
    memory: () => memory(pid),
    resetPeak: () => resetPeak(pid),
    cpuSeconds: () => cpuSeconds(pid),
    mainThreadCpuSeconds: () => mainThreadCpuSeconds(pid),
    running: () => service.child.exitCode === null && service.child.signalCode === null,
    ended: () => (service.child.signalCode ? `signal ${service.child.signalCode}` : service.child.exitCode === null ? null : `exit code ${service.child.exitCode}`),
    output: service.output,
    async stop() {
      if (service.child.exitCode === null && service.child.signalCode === null) service.child.kill('SIGTERM');
      const timer = setTimeout(() => service.child.kill('SIGKILL'), 30_000);
      const exitCode = await service.exited;
      clearTimeout(timer);
      let profilePath: string | undefined;
      if (opts.profileDir) {
        const file = (await readdir(opts.profileDir)).find((name) => name.endsWith('.cpuprofile') && name.includes(`.${pid}.`));
        profilePath = file && path.join(opts.profileDir, file);
      }
      return { exitCode, profilePath };
    },
  };
}

/** The figures read from /proc must be the node process that runs src/main.ts. */
function assertIsService(pid: number): void {
  const cmdline = procFile(pid, 'cmdline');
  if (cmdline === null) return;
  let cwd = '';
  try {
    cwd = readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    // unreadable: the command line alone decides
  }
  if (!cmdline.split('\0').includes('main.ts') || (cwd && cwd !== SOURCE_DIR)) {
    throw new Error(`process ${pid} is not the service: ${cmdline.replaceAll('\0', ' ')} in ${cwd}`);
  }
}
