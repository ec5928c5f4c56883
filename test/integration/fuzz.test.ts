/**
 * Property-based: arbitrary JSON bodies, headers, query strings, ids and GraphQL variables
 * thrown at every REST route and every operation of the permission table, by another
 * tenant. The answer is never a 500 (nor INTERNAL_SERVER_ERROR) and never carries the
 * victim's data. FUZZ_RUNS sets the cases per property (default 300; e.g. FUZZ_RUNS=5000
 * for a long run).
 */
import fc from 'fast-check';
import { request } from 'undici';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { OPERATIONS } from '../../src/domain/members/permissions.js';
import { signUp, startTestApp, type TestApp } from '../helpers/app.js';
import { gqlText, rest } from '../helpers/clients.js';
import { buildFixture, INVOCATIONS, type Fixture } from '../helpers/operations.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
/** Written into the victim's job, schedule and project: an answer containing it leaked. */
const MARKER = 'victim-only-7f3a9c';

let server: TestApp;
let victim: Fixture;
let attacker: Awaited<ReturnType<typeof signUp>>;
let victimIds: string[];

beforeAll(async () => {
  server = await startTestApp();
  const owner = await signUp(server.url, `${MARKER} project`);
  victim = await buildFixture(server.url, owner);
  const key = { apiKey: owner.apiKey };
  const job = await rest(server.url, 'POST', '/api/v1/jobs', { body: { title: MARKER, webhookUrl: 'http://127.0.0.1:9/', delay: '1h', payload: { marker: MARKER } }, credentials: key });
  const schedule = await rest(server.url, 'POST', '/api/v1/schedules', { body: { name: MARKER, every: '1h', title: MARKER, webhookUrl: 'http://127.0.0.1:9/' }, credentials: key });
  victimIds = [victim.projectId, victim.jobId, victim.scheduleId, victim.endpointId, job.body.data.id, schedule.body.data.id, owner.userId];
  attacker = await signUp(server.url, 'attacker');
}, 60_000);
afterAll(async () => server?.stop());

const ROUTES = [
  ['GET', '/api/v1/jobs'], ['POST', '/api/v1/jobs'], ['POST', '/api/v1/jobs/batch'], ['POST', '/api/v1/jobs/cancel'], ['POST', '/api/v1/jobs/replay'],
  ['GET', '/api/v1/jobs/:id'], ['PATCH', '/api/v1/jobs/:id'], ['DELETE', '/api/v1/jobs/:id'], ['POST', '/api/v1/jobs/:id/run'], ['POST', '/api/v1/jobs/:id/replay'],
  ['GET', '/api/v1/jobs/:id/logs'], ['GET', '/api/v1/logs'],
  ['GET', '/api/v1/schedules'], ['POST', '/api/v1/schedules'], ['GET', '/api/v1/schedules/:id'], ['PATCH', '/api/v1/schedules/:id'],
  ['POST', '/api/v1/schedules/:id/pause'], ['POST', '/api/v1/schedules/:id/resume'], ['DELETE', '/api/v1/schedules/:id'],
  ['GET', '/api/v1/endpoints'], ['PATCH', '/api/v1/endpoints/:id'],
] as const;

const text = fc.stringMatching(/^[\x20-\x7e]{0,24}$/);
/** Ids worth trying: the victim's own, other uuids, and junk. */
const id = () => fc.oneof(fc.constantFrom(...victimIds), fc.uuid(), text);
const json = fc.jsonValue({ maxDepth: 3 });
/** A body like a real one with fields replaced, or anything at all. */
const body = () => fc.oneof(
  json,
  fc.record({ title: fc.oneof(text, json), webhookUrl: fc.oneof(fc.constant('http://127.0.0.1:9/'), text, json), delay: fc.oneof(text, json), projectId: fc.oneof(id(), json) }, { requiredKeys: [] }),
  fc.record({ ids: fc.array(id(), { maxLength: 3 }), status: fc.oneof(text, json), labels: json, projectId: id() }, { requiredKeys: [] }),
  fc.record({ name: text, every: fc.oneof(text, json), cron: fc.oneof(text, json), timezone: text, rateLimit: json, paused: json }, { requiredKeys: [] }),
);
const query = () => fc.dictionary(fc.constantFrom('status', 'projectId', 'page', 'limit', 'cursor', 'label', 'scheduleId', 'search', 'since', 'until', 'paused', 'x'), fc.oneof(text, id()), { maxKeys: 4 });
const credentials = () => fc.constantFrom<Record<string, string>>(
  { 'x-api-key': attacker.apiKey }, { authorization: `Bearer ${attacker.token}` }, { 'x-api-key': `sk_${'0'.repeat(64)}` }, { authorization: 'Bearer nonsense' }, {},
);
const extraHeaders = fc.record({
  'content-type': fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded'),
  'idempotency-key': text,
  'x-request-id': text,
}, { requiredKeys: ['content-type'] });

function leaked(raw: string, data: unknown): string | null {
  if (raw.includes(MARKER)) return 'the victim’s marker';
  const inData = JSON.stringify(data ?? null);
  return victimIds.find((victimId) => inData.includes(victimId)) ?? null;
}

it('REST: arbitrary bodies, headers, query strings and ids never get a 500 or another tenant’s data', async () => {
  const statuses = new Set<number>();
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...ROUTES), id(), body(), query(), credentials(), extraHeaders, fc.boolean(), async ([method, template], routeId, payload, params, auth, headers, withBody) => {
      const path = template.replace(':id', encodeURIComponent(routeId) || 'x');
      const qs = new URLSearchParams(params as Record<string, string>).toString();
      const sendsBody = withBody && method !== 'GET';
      const res = await request(`${server.url}${path}${qs ? `?${qs}` : ''}`, {
        method,
        headers: { ...auth, ...(sendsBody ? headers : { 'x-request-id': headers['x-request-id'] ?? '' }) },
        body: sendsBody ? JSON.stringify(payload) : undefined,
      });
      const raw = await res.body.text();
      statuses.add(Math.floor(res.statusCode / 100));
      expect(res.statusCode, `${method} ${path}?${qs} ${raw}`).not.toBe(500);
      expect(res.statusCode, raw).toBeLessThan(500);
      const parsed = JSON.parse(raw) as { status: boolean; data: unknown };
      expect(typeof parsed.status).toBe('boolean');
      expect(leaked(raw, parsed.data), `${method} ${path} ${raw}`).toBeNull();
    }),
    { numRuns: RUNS },
  );
  // The cases reached the routes: some were served, some refused.
  expect([...statuses].sort()).toEqual([2, 4]);
}, 120_000);

it('GraphQL: every operation with arbitrary variables never answers INTERNAL_SERVER_ERROR or another tenant’s data', async () => {
  const calls = await Promise.all(OPERATIONS.map(async (operation) => ({ operation, call: await INVOCATIONS[operation].graphql(victim, null) })));
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...calls), fc.constantFrom('token', 'apiKey') as fc.Arbitrary<'token' | 'apiKey'>, fc.func(fc.oneof(json, id())), async ({ operation, call }, kind, valueFor) => {
      // Each variable becomes something arbitrary (one of the victim's ids, or any JSON).
      const variables = Object.fromEntries(Object.keys(call.variables).map((name, i) => [name, valueFor(name, i)]));
      const result = await gqlText(server.url, call.query, variables, kind === 'token' ? { token: attacker.token } : { apiKey: attacker.apiKey });
      const codes = (result.errors ?? []).map((error) => error.extensions?.code);
      expect(codes, `${operation} ${JSON.stringify(variables)} ${JSON.stringify(result)}`).not.toContain('INTERNAL_SERVER_ERROR');
      expect(leaked(JSON.stringify(result), result.data), `${operation} ${JSON.stringify(result)}`).toBeNull();
    }),
    { numRuns: RUNS },
  );
}, 120_000);
