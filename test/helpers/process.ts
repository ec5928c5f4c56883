import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { request } from 'undici';
import { checkAgainstOpenApi } from './openapi-validator.js';

/** A free loopback port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export interface ServiceProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/**
 * Runs `npm start`'s command (node --import tsx src/main.ts) as a real process with the given env; the
 * child is the node process itself. `nodeArgs` go before the script (e.g. `--cpu-prof`);
 * `cwd` and `script` start it from elsewhere (default: this directory, `src/main.ts`).
 */
export function startService(env: Record<string, string>, options: { nodeArgs?: string[]; cwd?: string; script?: string } = {}): ServiceProcess {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !['DATABASE_URL', 'TEST_DATABASE_URL', 'MONGODB_URL'].includes(k)));
  const args = [...(options.nodeArgs ?? []), '--import', 'tsx', options.script ?? 'src/main.ts'];
  const child = spawn(process.execPath, args, { env: { ...clean, ...env }, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c) => (output += c));
  child.stderr!.on('data', (c) => (output += c));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Polls `url` until it answers 200, or throws with the process output. */
export async function waitForHealthy(url: string, service: ServiceProcess, timeoutMs = 90_000): Promise<unknown> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (service.child.exitCode !== null) throw new Error(`service exited early:\n${service.output()}`);
    const answer = await request(url).then(
      async (res) => ({ status: res.statusCode, headers: res.headers, body: await res.body.json().catch(() => undefined) }),
      () => undefined, // not listening yet
    );
    if (answer) {
      checkAgainstOpenApi('GET', new URL(url).pathname, answer);
      if (answer.status === 200) return answer.body;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`service not healthy within ${timeoutMs} ms:\n${service.output()}`);
}
