/**
 * Firing benchmark: runs Dispatch as its own process (on DATABASE_URL, or an embedded
 * PostgreSQL), a loopback receiver here, and measures
 *   - REST POST /api/v1/jobs at concurrency 32 (req/s, p50/p99),
 *   - steady firing: RATE jobs/s due over SECONDS → lateness (arrival − fireAt),
 *   - burst: BURST jobs due at one instant → time until all arrived, lateness.
 * Sizes: BENCH_RATE (500), BENCH_SECONDS (20), BENCH_BURST (10000). Prints Markdown and a JSON line.
 */
import { createServer } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { request } from 'undici';
import { createTestDatabase } from '../test/helpers/database.js';
import { freePort, startService, waitForHealthy } from '../test/helpers/process.js';

const RATE = Number(process.env.BENCH_RATE ?? 500);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const BURST = Number(process.env.BENCH_BURST ?? 10_000);
const CONCURRENCY = 32;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : Number.NaN;
};

async function main() {
  // A fresh database on the given server, or an embedded one in a temp dir.
  const database = process.env.DATABASE_URL ? await createTestDatabase() : undefined;
  const databaseUrl = database?.url;
  const dataDir = database ? undefined : await mkdtemp(path.join(tmpdir(), 'dispatch-bench-'));

  const arrivals = new Map<string, number>();
  const receiver = createServer((req, res) => {
    const arrived = Date.now();
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const { jobId } = JSON.parse(body);
      if (!arrivals.has(jobId)) arrivals.set(jobId, arrived);
      res.end('ok');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const hook = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const service = startService({
    PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ALLOW_PRIVATE_TARGETS: 'true',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { DATA_DIR: dataDir! }),
    RATE_LIMIT_SCHEDULE_PER_MINUTE: '0', RATE_LIMIT_READ_PER_MINUTE: '0', RATE_LIMIT_AUTH_PER_MINUTE: '0',
  });
  await waitForHealthy(`${base}/healthz`, service);
  const gql = async (query: string, variables: object, headers: Record<string, string> = {}) => {
    const res = await request(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
    return ((await res.body.json()) as { data: any }).data;
  };
  const { register } = await gql('mutation($e:String!,$p:String!){register(email:$e,password:$p){token}}', { e: `bench${Date.now()}@example.com`, p: 'benchmark-password' });
  const auth = { authorization: `Bearer ${register.token}` };
  const { createProject } = await gql('mutation{createProject(name:"bench"){id}}', {}, auth);
  const { createApiKey } = await gql('mutation($p:ID!){createApiKey(projectId:$p,label:"bench"){key}}', { p: createProject.id }, auth);
  const apiKey = createApiKey.key as string;

  const fireAtOf = new Map<string, number>();
  const create = async (fireAt: number) => {
    const t0 = performance.now();
    const res = await request(`${base}/api/v1/jobs`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
      body: JSON.stringify({ title: 'bench', webhookUrl: hook, fireAt: new Date(fireAt).toISOString(), payload: { n: 1 } }),
    });
    const body = (await res.body.json()) as { data: { id: string } };
    if (res.statusCode !== 201) throw new Error(`create failed: ${res.statusCode} ${JSON.stringify(body)}`);
    fireAtOf.set(body.data.id, fireAt);
    return performance.now() - t0;
  };
  const createMany = async (fireAts: number[]) => {
    const latencies: number[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (next < fireAts.length) latencies.push(await create(fireAts[next++]));
    }));
    return { latencies, perSecond: fireAts.length / ((performance.now() - started) / 1000) };
  };
  const waitAll = async (ids: string[], timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (ids.some((id) => !arrivals.has(id)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  };

  // Burst, created well ahead (this also measures REST create throughput).
  const burstAt = Date.now() + 30_000 + Math.ceil(BURST / 1_000) * 1_000;
  const creates = await createMany(Array.from({ length: BURST }, () => burstAt));
  const burstIds = [...fireAtOf.keys()];
  await waitAll(burstIds, burstAt - Date.now() + 60_000);
  const burstLate = burstIds.filter((id) => arrivals.has(id)).map((id) => arrivals.get(id)! - burstAt);

  // Steady: RATE/s due over SECONDS, created ahead in one go.
  fireAtOf.clear();
  const steadyStart = Date.now() + 10_000 + Math.ceil((RATE * SECONDS) / 1_000) * 1_000;
  await createMany(Array.from({ length: RATE * SECONDS }, (_, i) => steadyStart + Math.floor((i * 1000) / RATE)));
  const steadyIds = [...fireAtOf.keys()];
  await waitAll(steadyIds, steadyStart - Date.now() + SECONDS * 1000 + 30_000);
  const steadyLate = steadyIds.filter((id) => arrivals.has(id)).map((id) => arrivals.get(id)! - fireAtOf.get(id)!);

  const results = {
    date: new Date().toISOString(),
    restCreate: { perSecond: Math.round(creates.perSecond), p50: +percentile(creates.latencies, 50).toFixed(1), p99: +percentile(creates.latencies, 99).toFixed(1) },
    steady: { rate: RATE, seconds: SECONDS, delivered: steadyLate.length, of: steadyIds.length, p50: percentile(steadyLate, 50), p99: percentile(steadyLate, 99), max: Math.max(...steadyLate) },
    burst: { jobs: BURST, delivered: burstLate.length, allArrivedAfterMs: Math.max(...burstLate), p50: percentile(burstLate, 50), p99: percentile(burstLate, 99) },
  };
  console.log(`| measure | result |\n|---|---|
| REST create, concurrency ${CONCURRENCY} | ${results.restCreate.perSecond} req/s, p50 ${results.restCreate.p50} ms, p99 ${results.restCreate.p99} ms |
| steady ${RATE}/s × ${SECONDS} s, lateness | p50 ${results.steady.p50} ms, p99 ${results.steady.p99} ms, max ${results.steady.max} ms (${results.steady.delivered}/${results.steady.of}) |
| burst ${BURST} due at once | all arrived ${results.burst.allArrivedAfterMs} ms after fireAt; p50 ${results.burst.p50} ms, p99 ${results.burst.p99} ms (${results.burst.delivered}/${BURST}) |`);
  console.log(JSON.stringify(results));

  service.child.kill('SIGTERM');
  await service.exited;
  receiver.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  await database?.dispose();
}

await main();
