/**
 * The SDK as a consumer gets it: `dispatch/client` and `dispatch/verify` through package.json
 * `exports`, from plain Node (no tsx, no vitest transform), with their declarations.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { signUp, startTestApp, type TestApp } from '../helpers/app.js';
import { gqlOk } from '../helpers/clients.js';
import { ProjectSigningSecretDocument } from '../generated/graphql.js';
import { Receiver } from '../helpers/receiver.js';

const run = promisify(execFile);
let server: TestApp;
let receiver: Receiver;
let dir: string;

beforeAll(async () => {
  [server, receiver] = await Promise.all([startTestApp(), new Receiver().start()]);
  // Inside the package, so that `dispatch/…` resolves as the package's own exports (self-reference).
  await mkdir('test-results', { recursive: true });
  dir = await mkdtemp(path.resolve('test-results', 'sdk-consumer-'));
});
afterAll(async () => {
  await Promise.all([server?.stop(), receiver?.stop()]);
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('package.json exports the client and the verifier with types and an ESM entry, and the dispatch bin', async () => {
  const pkg = JSON.parse(await readFile('package.json', 'utf8'));
  for (const [entry, file] of [['./client', 'dist/client/index'], ['./verify', 'dist/client/verify']]) {
    expect(pkg.exports[entry]).toEqual({ types: `./${file}.d.ts`, import: `./${file}.js` });
  }
  expect(pkg.bin).toEqual({ dispatch: './dist/cli/main.js' });
  expect(pkg.scripts.prepare).toMatch(/build:sdk/);
});

it('plain node imports dispatch/client and dispatch/verify, schedules a job, reads it back, and gets the errors of both as typed values', async () => {
  const account = await signUp(server.url);
  const url = receiver.on('/from-plain-node');
  const script = path.join(dir, 'consumer.mjs');
  await writeFile(script, `
    import { DispatchClient, DispatchError } from 'dispatch/client';
    import { verifyWebhook } from 'dispatch/verify';
    const client = new DispatchClient({ url: process.env.URL, apiKey: process.env.KEY });
    const job = await client.scheduleJob({ title: 'from plain node', webhookUrl: process.env.HOOK, delay: '1h' });
    const read = await client.getJob(job.id);
    let status = 0;
    try { await client.getJob('00000000-0000-7000-8000-000000000000'); } catch (error) { status = error instanceof DispatchError ? error.status : -1; }
    let reason = '';
    try { verifyWebhook('{}', {}, 'whsec_' + Buffer.alloc(32).toString('base64')); } catch (error) { reason = error.reason; }
    console.log(JSON.stringify({ id: job.id, read: read.id, status, reason }));
  `);
  const { stdout } = await run(process.execPath, [script], { env: { ...process.env, URL: server.url, KEY: account.apiKey, HOOK: url }, timeout: 30_000 });
  const result = JSON.parse(stdout);
  expect(result.read).toBe(result.id);
  expect(result).toMatchObject({ status: 404, reason: 'missing-signature' });
});

it('TypeScript resolves the types of dispatch/client and dispatch/verify through the exports map', async () => {
  await writeFile(path.join(dir, 'consumer.ts'), `
    import { DispatchClient, type Job, type JobStatusEvent } from 'dispatch/client';
    import { verifyWebhook } from 'dispatch/verify';
    const client = new DispatchClient({ url: 'http://localhost:4000', apiKey: 'sk_…' });
    export const job: Promise<Job> = client.scheduleJob({ title: 't', webhookUrl: 'https://example.com', delay: '90s' });
    // @ts-expect-error title is required
    void client.scheduleJob({ webhookUrl: 'https://example.com', delay: '90s' });
    export async function follow(): Promise<JobStatusEvent['status'][]> {
      const seen: JobStatusEvent['status'][] = [];
      for await (const event of client.subscribe({ projectId: 'p' })) seen.push(event.status);
      return seen;
    }
    export const jobId: string = verifyWebhook<{ plan: string }>('{}', {}, 'whsec_x').body.payload.plan;
  `);
  await writeFile(path.join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', types: ['node'], skipLibCheck: true },
    files: ['consumer.ts'],
  }));
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const result = await run(process.execPath, [tsc, '-p', dir], { timeout: 60_000 }).then(() => 'ok', (error: { stdout: string }) => error.stdout);
  expect(result).toBe('ok');
});

it("the README's five-line example runs as written: schedule, follow to SUCCESS, verify the delivery", async () => {
  const account = await signUp(server.url);
  const { project } = await gqlOk(server.url, ProjectSigningSecretDocument, { id: account.projectId }, { token: account.token });
  const readme = await readFile('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('## SDK'), readme.indexOf('## Command line'));
  const example = /```js\n([\s\S]*?)```/.exec(section)![1];
  const [sender, receiving] = example.split(/^\/\/ In the receiver.*$/m);
  const hook = receiver.on('/readme');
  const env = { ...process.env, DISPATCH_API_KEY: account.apiKey, DISPATCH_SIGNING_SECRET: project!.signingSecret! };

  const senderScript = path.join(dir, 'readme-sender.mjs');
  await writeFile(senderScript, sender.replaceAll('http://localhost:4000', server.url).replaceAll('https://your-app.com/hooks/trial-expiry', hook).replace("delay: '90s'", "delay: '1500ms'"));
  const sent = await run(process.execPath, [senderScript], { env, timeout: 30_000 });
  expect(sent.stdout.trim().split('\n')).toEqual(['FIRING', 'SUCCESS']);

  const [delivery] = receiver.for('/readme');
  const receiverScript = path.join(dir, 'readme-receiver.mjs');
  await writeFile(receiverScript, [
    "import { verifyWebhook } from 'dispatch/verify';",
    'const rawBody = process.env.RAW_BODY;',
    'const request = { headers: JSON.parse(process.env.HEADERS) };',
    receiving,
    'console.log(delivery.body.jobId);',
  ].join('\n'));
  const verified = await run(process.execPath, [receiverScript], { env: { ...env, RAW_BODY: delivery.body, HEADERS: JSON.stringify(delivery.headers) }, timeout: 30_000 });
  expect(verified.stdout.trim()).toBe(delivery.json.jobId);
  const tampered = await run(process.execPath, [receiverScript], { env: { ...env, RAW_BODY: delivery.body.replace('usr_812', 'usr_000'), HEADERS: JSON.stringify(delivery.headers) }, timeout: 30_000 }).catch((error: { stderr: string }) => error);
  expect((tampered as { stderr: string }).stderr).toContain('signature-mismatch');
});
