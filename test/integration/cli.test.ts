/** The dispatch command, run as its package bin by plain node, against a real service. */
import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DispatchClient } from '../../src/client/index.js';
import { signUp, startTestApp, type TestApp } from '../helpers/app.js';
import { freePort } from '../helpers/process.js';
import { Receiver } from '../helpers/receiver.js';

let server: TestApp;
let receiver: Receiver;
let account: Awaited<ReturnType<typeof signUp>>;
let bin: string;
let dir: string;

beforeAll(async () => {
  [server, receiver] = await Promise.all([startTestApp(), new Receiver().start()]);
  account = await signUp(server.url);
  bin = path.resolve(JSON.parse(await readFile('package.json', 'utf8')).bin.dispatch);
  await mkdir('test-results', { recursive: true });
  dir = await mkdtemp(path.resolve('test-results', 'cli-'));
});
afterAll(async () => {
  await Promise.all([server?.stop(), receiver?.stop()]);
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the bin with the service in DISPATCH_URL and the API key in DISPATCH_API_KEY (unless `env` says otherwise). */
function dispatch(args: string[], env: Record<string, string | undefined> = {}): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env: { ...process.env, DISPATCH_URL: server.url, DISPATCH_API_KEY: account.apiKey, DISPATCH_TOKEN: undefined, ...env }, timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr });
    });
  });
}

describe('jobs', () => {
  it('schedule, list, get (with its delivery log) and cancel, with --json', async () => {
    const url = receiver.on('/cli');
    const scheduled = await dispatch(['jobs', 'schedule', '--url', url, '--in', '300ms', '--title', 'from the cli', '--payload', '{"plan":"pro"}', '--label', 'via=cli', '--json']);
    expect(scheduled).toMatchObject({ code: 0, stderr: '' });
    const job = JSON.parse(scheduled.stdout);
    expect(job).toMatchObject({ title: 'from the cli', webhookUrl: url, payload: { plan: 'pro' }, labels: { via: 'cli' }, status: 'SCHEDULED' });

    await receiver.waitFor(() => receiver.for('/cli').length === 1);
    let got = JSON.parse((await dispatch(['jobs', 'get', job.id, '--json'])).stdout);
    for (let i = 0; got.status !== 'SUCCESS' && i < 50; i++) {
      await new Promise((r) => setTimeout(r, 100));
      got = JSON.parse((await dispatch(['jobs', 'get', job.id, '--json'])).stdout);
    }
    expect(got).toMatchObject({ id: job.id, status: 'SUCCESS', logs: [{ attempt: 1, status: 'SUCCESS', responseCode: 200 }] });
    const human = await dispatch(['jobs', 'get', job.id]);
    expect(human.stdout).toContain('● SUCCESS');
    expect(human.stdout).toMatch(/#1 {2}\S+Z {2}SUCCESS {2}200 {2}\d+ ms/);

    const later = JSON.parse((await dispatch(['jobs', 'schedule', '--url', url, '--at', new Date(Date.now() + 3_600_000).toISOString(), '--json'])).stdout);
    expect(later.title).toBe(url);
    const list = await dispatch(['jobs', 'list', '--status', 'scheduled', '--json']);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout).map((j: { id: string }) => j.id)).toEqual([later.id]);
    const listed = await dispatch(['jobs', 'list', '--label', 'via=cli']);
    expect(listed.stdout).toContain(job.id);
    expect(listed.stdout).not.toContain(later.id);

    const cancelled = await dispatch(['jobs', 'cancel', later.id, '--json']);
    expect(cancelled).toMatchObject({ code: 0 });
    expect(JSON.parse(cancelled.stdout)).toEqual({ id: later.id, status: 'CANCELLED' });
    const again = await dispatch(['jobs', 'cancel', later.id]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('Only scheduled jobs can be cancelled');
  });

  it('reads the payload from a file, and takes a session token and a project from the flags', async () => {
    const file = path.join(dir, 'payload.json');
    await writeFile(file, '{"from":"file"}');
    const ran = await dispatch(['jobs', 'schedule', '--url', receiver.on('/file'), '--in', '1h', '--payload', `@${file}`, '--json', '--token', account.token, '--project', account.projectId], { DISPATCH_API_KEY: '' });
    expect(ran.code).toBe(0);
    const job = JSON.parse(ran.stdout);
    expect(job).toMatchObject({ payload: { from: 'file' }, projectId: account.projectId });
    const list = await dispatch(['jobs', 'list', '--project', account.projectId, '--limit', '1', '--json', '--token', account.token], { DISPATCH_API_KEY: '' });
    expect(JSON.parse(list.stdout).map((j: { id: string }) => j.id)).toEqual([job.id]);
  });

  it('usage errors exit 2 with a message naming the flag', async () => {
    const neither = await dispatch(['jobs', 'schedule', '--url', 'https://example.com/hook']);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toContain('exactly one of --at and --in is required');
    const noUrl = await dispatch(['jobs', 'schedule', '--in', '90s']);
    expect(noUrl).toMatchObject({ code: 2 });
    expect(noUrl.stderr).toContain('--url is required');
    const unknown = await dispatch(['jobs', 'list', '--colour']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown option '--colour'");
    const missingValue = await dispatch(['jobs', 'schedule', '--in']);
    expect(missingValue.stderr).toContain("'--in <value>' argument missing");
    const notObject = await dispatch(['jobs', 'schedule', '--url', 'https://example.com', '--in', '1m', '--payload', '[1]']);
    expect(notObject).toMatchObject({ code: 2 });
    expect(notObject.stderr).toContain('--payload must be a JSON object');
    const badStatus = await dispatch(['jobs', 'list', '--status', 'LOST']);
    expect(badStatus.stderr).toContain('--status must be one of');
    expect((await dispatch(['jobs', 'get'])).stderr).toContain('expected <id>');
    expect((await dispatch(['jobs', 'frobnicate'])).code).toBe(2);
    expect((await dispatch([])).code).toBe(2);
  });

  it('the service refusing exits 1 with its message; an unreachable service exits 3', async () => {
    const bad = await dispatch(['jobs', 'schedule', '--url', 'ftp://example.com', '--in', '1m']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/error \(400\): .*webhookUrl/);
    const missing = await dispatch(['jobs', 'get', '00000000-0000-7000-8000-000000000000']);
    expect(missing).toMatchObject({ code: 1 });
    expect(missing.stderr).toContain('Job not found');
    const port = await freePort();
    const down = await dispatch(['jobs', 'list'], { DISPATCH_URL: `http://127.0.0.1:${port}` });
    expect(down.code).toBe(3);
    expect(down.stderr).toContain(`cannot reach http://127.0.0.1:${port}`);
  });

  it('--help on every command exits 0 with its usage', async () => {
    for (const args of [['--help'], ['jobs', '--help'], ['jobs', 'schedule', '--help'], ['jobs', 'list', '-h'], ['jobs', 'get', '--help'], ['jobs', 'cancel', '--help'], ['tail', '--help']]) {
      const ran = await dispatch(args);
      expect(ran, args.join(' ')).toMatchObject({ code: 0 });
      expect(ran.stdout, args.join(' ')).toMatch(/Usage: dispatch/);
    }
    expect((await dispatch(['jobs', 'schedule', '--help'])).stdout).toContain('--payload <json|@file>');
  });

  it('runs as `npx dispatch` inside the package', async () => {
    const ran = await new Promise<Ran>((resolve) => {
      execFile('npx', ['--no-install', 'dispatch', 'jobs', 'list', '--json'], { env: { ...process.env, DISPATCH_URL: server.url, DISPATCH_API_KEY: account.apiKey }, timeout: 60_000 }, (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr }));
    });
    expect(ran.code).toBe(0);
    expect(Array.isArray(JSON.parse(ran.stdout))).toBe(true);
  });
});

describe('tail', () => {
  it('prints SCHEDULED → FIRING → SUCCESS lines for a job as they happen, and exits 0 on Ctrl-C', async () => {
    const child = spawn(process.execPath, [bin, 'tail', '--project', account.projectId], {
      env: { ...process.env, DISPATCH_URL: server.url, DISPATCH_API_KEY: account.apiKey, NO_COLOR: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const until = async (predicate: () => boolean, what: string) => {
      for (let i = 0; i < 150 && !predicate(); i++) await new Promise((r) => setTimeout(r, 100));
      if (!predicate()) throw new Error(`tail: no ${what}; stdout:\n${stdout}\nstderr:\n${stderr}`);
    };
    try {
      await until(() => stderr.includes('Following project'), 'listening line');
      await new Promise((r) => setTimeout(r, 200));
      const client = new DispatchClient({ url: server.url, apiKey: account.apiKey });
      const job = await client.scheduleJob({ title: 'tailed', webhookUrl: receiver.on('/tailed'), delay: '500ms' });
      const lines = () => stdout.split('\n').filter((line) => line.includes(job.id));
      await until(() => lines().some((line) => line.includes('SUCCESS')), 'SUCCESS line');
      const [scheduled, firing, success] = lines();
      expect(scheduled).toMatch(/^\d\d:\d\d:\d\d\.\d{3}Z {2}● SCHEDULED {2}created/);
      expect(firing).toMatch(/● FIRING +attempt 1 /);
      expect(success).toMatch(/● SUCCESS +attempt 1 .*"tailed"$/);
      expect(lines()).toHaveLength(3);
      // Not a terminal: no colour codes.
      expect(stdout).not.toContain('\u001b[');
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('--json prints one event per line', async () => {
    const child = spawn(process.execPath, [bin, 'tail', '--json'], { env: { ...process.env, DISPATCH_URL: server.url, DISPATCH_API_KEY: account.apiKey }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      for (let i = 0; i < 150 && !stderr.includes('Following'); i++) await new Promise((r) => setTimeout(r, 100));
      await new Promise((r) => setTimeout(r, 200));
      const job = await new DispatchClient({ url: server.url, apiKey: account.apiKey }).scheduleJob({ title: 'json tail', webhookUrl: receiver.on('/json-tail'), delay: '1h' });
      for (let i = 0; i < 150 && !stdout.includes(job.id); i++) await new Promise((r) => setTimeout(r, 100));
      const event = JSON.parse(stdout.split('\n')[0]);
      expect(event).toMatchObject({ jobId: job.id, status: 'SCHEDULED', previousStatus: null, job: { title: 'json tail' } });
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('refused credentials end tail with exit 1', async () => {
    const ran = await dispatch(['tail'], { DISPATCH_API_KEY: `sk_${'a'.repeat(64)}` });
    expect(ran.code).toBe(1);
    expect(ran.stderr).toContain('refused the credentials');
  });
});

describe('colour', () => {
  /** Runs the bin under a pseudo-terminal (util-linux `script`), so that stdout is a TTY. */
  const inTerminal = (args: string[], env: Record<string, string>) =>
    new Promise<string>((resolve, reject) => {
      const command = [process.execPath, bin, ...args].map((part) => `'${part.replaceAll("'", "'\\''")}'`).join(' ');
      execFile('script', ['-qec', command, '/dev/null'], { env: { ...process.env, DISPATCH_URL: server.url, DISPATCH_API_KEY: account.apiKey, ...env }, timeout: 30_000 }, (error, stdout) =>
        error ? reject(error) : resolve(stdout));
    });

  it.runIf(process.platform === 'linux')('lamps are coloured on a terminal, unless NO_COLOR is set', async () => {
    await dispatch(['jobs', 'schedule', '--url', receiver.on('/colour'), '--in', '1h', '--title', 'colourful']);
    const coloured = await inTerminal(['jobs', 'list', '--search', 'colourful'], { NO_COLOR: '' });
    expect(coloured).toContain('\u001b[34m●\u001b[0m SCHEDULED');
    const plain = await inTerminal(['jobs', 'list', '--search', 'colourful'], { NO_COLOR: '1' });
    expect(plain).toContain('● SCHEDULED');
    expect(plain).not.toContain('\u001b[');
  });
});
