import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { access, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';

/** The dashboard's sources (web/) and where Vite writes the bundle (web/dist). */
export const WEB_ROOT = fileURLToPath(new URL('../../../web', import.meta.url));

/** Records which sources a bundle was built from; not served. */
const STAMP_FILE = '.source-fingerprint';

/** Packages whose version changes what the bundle contains. */
const BUILD_PACKAGES = ['vite', '@vitejs/plugin-react', 'react', 'react-dom', 'graphql-ws'];

export type DashboardBuild = { ok: true; distDir: string; built: boolean } | { ok: false; reason: string };

type BuildLog = Pick<Logger, 'info' | 'warn'>;

const exists = (file: string) => access(file).then(() => true, () => false);

/**
 * A hash of everything the bundle is made from: the files under web/ (but the output) and
 * the versions of the build packages. Null when web/ holds no sources, as in the container
 * image, which ships only the bundle built at image build time.
 */
export async function sourceFingerprint(webRoot = WEB_ROOT): Promise<string | null> {
  const files = await sourceFiles(webRoot);
  if (!files.includes('index.html')) return null;
  const hash = createHash('sha256');
  for (const file of files) hash.update(`${file}\0`).update(await readFile(path.join(webRoot, file))).update('\0');
  const modules = path.join(webRoot, '..', 'node_modules');
  for (const name of BUILD_PACKAGES) {
    const version = await readFile(path.join(modules, name, 'package.json'), 'utf8').then((text) => JSON.parse(text).version as string, () => 'missing');
    hash.update(`${name}@${version}\0`);
  }
  return hash.digest('hex');
}

/** Source files under web/, sorted; skips the output, temporary build folders and dotfiles. */
async function sourceFiles(webRoot: string, dir = ''): Promise<string[]> {
  const entries = await readdir(path.join(webRoot, dir), { withFileTypes: true }).catch(() => []);
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules' || (dir === '' && entry.name === 'dist')) continue;
    const relative = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...(await sourceFiles(webRoot, relative)));
    else if (entry.isFile()) files.push(relative);
  }
  return files.sort();
}

const inFlight = new Map<string, Promise<DashboardBuild>>();

/**
 * Makes sure web/dist holds a bundle of the current sources, building it with Vite when it
 * is missing or was built from other sources. This is what lets `npm install && npm start`
 * serve the dashboard with no build command: the first start builds it (a few seconds),
 * later starts only compare fingerprints. A failed build is reported, not thrown, so the
 * API keeps running without its dashboard.
 */
export function ensureDashboardBuilt(log: BuildLog, options: { webRoot?: string; force?: boolean } = {}): Promise<DashboardBuild> {
  const webRoot = options.webRoot ?? WEB_ROOT;
  let running = inFlight.get(webRoot);
  if (!running) {
    running = checkAndBuild(webRoot, log, options.force ?? false).finally(() => inFlight.delete(webRoot));
    inFlight.set(webRoot, running);
  }
  return running;
}

async function checkAndBuild(webRoot: string, log: BuildLog, force: boolean): Promise<DashboardBuild> {
  const distDir = path.join(webRoot, 'dist');
  const fingerprint = await sourceFingerprint(webRoot);
  const hasBundle = await exists(path.join(distDir, 'index.html'));
  if (fingerprint === null) {
    return hasBundle ? { ok: true, distDir, built: false } : { ok: false, reason: `no dashboard sources in ${webRoot} and no built bundle` };
  }
  const stamp = await readFile(path.join(distDir, STAMP_FILE), 'utf8').catch(() => null);
  if (!force && hasBundle && stamp === fingerprint) return { ok: true, distDir, built: false };

  log.info(hasBundle ? 'dashboard sources changed: rebuilding web/dist' : 'building the dashboard into web/dist (first start)');
  const started = Date.now();
  // Built beside the live bundle and swapped in, so a running server never sees half a build.
  const staging = path.join(webRoot, `.dist-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    const warnings = await viteBuild(webRoot, staging);
    if (warnings) log.warn({ warnings }, 'vite build warnings');
    await writeFile(path.join(staging, STAMP_FILE), fingerprint);
    await swapIn(staging, distDir);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    const reason = error instanceof Error ? error.message : String(error);
    log.warn({ reason }, 'the dashboard could not be built; the API runs without it');
    return { ok: false, reason };
  }
  log.info({ ms: Date.now() - started }, 'dashboard built');
  return { ok: true, distDir, built: true };
}

/**
 * Runs `vite build` in a child process. Vite, Rollup and the React plugin take a few hundred
 * MB while they work; in the server's own heap that memory stayed resident for the life of
 * the process (about 480 MB after a first start instead of 180 MB), in a child it goes back
 * to the system when the build ends. Resolves with what Vite printed (its warnings).
 */
function viteBuild(webRoot: string, outDir: string): Promise<string> {
  const viteBin = path.join(path.dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin/vite.js');
  const args = [viteBin, 'build', webRoot, '--outDir', outDir, '--emptyOutDir', '--mode', 'production', '--logLevel', 'warn'];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: webRoot, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-4_000);
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve(stderr.trim());
      else reject(new Error(`vite build ended with ${signal ?? `exit code ${code}`}: ${stderr.trim() || 'no output'}`));
    });
  });
}

async function swapIn(staging: string, distDir: string): Promise<void> {
  const retired = `${staging}-old`;
  await rename(distDir, retired).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
  try {
    await rename(staging, distDir);
  } catch (error) {
    // Another process swapped its build in first: it was built from the same sources.
    if ((error as NodeJS.ErrnoException).code !== 'ENOTEMPTY' && (error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    await rm(staging, { recursive: true, force: true });
  }
  await rm(retired, { recursive: true, force: true });
}
