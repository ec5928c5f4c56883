/**
 * The role and scope matrices, generated from the permission table: every role (and a
 * stranger) × every operation over GraphQL, REST and subscriptions, and every single-scope
 * key × every operation. Plus the rules between roles: owners, the last owner, leaving.
 */
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATIONS, PERMISSIONS, type Operation, type Permission } from '../../src/domain/members/permissions.js';
import { atLeast, ROLES, type Role } from '../../src/domain/members/roles.js';
import { SCOPES, type Scope } from '../../src/domain/members/scopes.js';
import { signUp, startTestApp, type TestApp } from '../helpers/app.js';
import { gqlText, rest, type Credentials } from '../helpers/clients.js';
import { addMember, buildFixture, INVOCATIONS, type Fixture } from '../helpers/operations.js';
import { subscribe } from '../helpers/subscriptions.js';

let server: TestApp;
let fx: Fixture;
/** Each role's session (and user id), and a stranger with a project of their own. */
const sessions = new Map<Role | 'stranger', { token: string; userId: string }>();

beforeAll(async () => {
  server = await startTestApp();
  const owner = await signUp(server.url);
  fx = await buildFixture(server.url, owner);
  sessions.set('OWNER', { token: owner.token, userId: owner.userId });
  for (const role of ROLES.filter((r) => r !== 'OWNER')) {
    const member = await signUp(server.url, `${role} own project`);
    await addMember(server.url, owner, member.email, role);
    sessions.set(role, { token: member.token, userId: member.userId });
  }
  const stranger = await signUp(server.url, 'elsewhere');
  sessions.set('stranger', { token: stranger.token, userId: stranger.userId });
}, 60_000);
afterAll(async () => server?.stop());

const codes = (errors: Array<{ extensions?: { code?: string } }> | undefined) => (errors ?? []).map((e) => e.extensions?.code);

/** What happens after a call: allowed (no error), refused (FORBIDDEN / 403) or hidden (as another tenant's: nothing of the project). */
type Expectation = 'allowed' | 'refused' | 'hidden';

function expectedForRole(permission: Permission, who: Role | 'stranger'): Expectation {
  if (who === 'stranger') return 'hidden';
  return atLeast(who, permission.role) ? 'allowed' : 'refused';
}

function expectedForKey(permission: Permission, scope: Scope): Expectation {
  return permission.key === 'any' || permission.key === scope ? 'allowed' : 'refused';
}

/** Rejoins a member who left (the matrix goes on with the same people). */
async function rejoin(role: Role) {
  const members = await gqlText(fx.url, 'query ($id: ID!) { project(id: $id) { members { user { id } } } }', { id: fx.projectId }, { token: fx.ownerToken });
  const userId = sessions.get(role)!.userId;
  if (members.data.project.members.some((m: { user: { id: string } }) => m.user.id === userId)) return;
  const email = (await gqlText(fx.url, '{ me { email } }', {}, { token: sessions.get(role)!.token })).data.me.email;
  await addMember(fx.url, { token: fx.ownerToken, projectId: fx.projectId }, email, role);
}

async function checkGraphql(operation: Operation, credentials: Credentials, self: string | null, expected: Expectation) {
  const call = await INVOCATIONS[operation].graphql(fx, self);
  const result = await gqlText(fx.url, call.query, call.variables, credentials);
  const label = `${operation} ${JSON.stringify(result)}`;
  if (expected === 'allowed') {
    // The last OWNER leaving is refused for a reason other than its role.
    if (operation === 'leaveProject' && self === sessions.get('OWNER')!.userId) expect(codes(result.errors), label).toEqual(['BAD_USER_INPUT']);
    else expect(result.errors, label).toBeUndefined();
  } else if (expected === 'refused') {
    expect(codes(result.errors), label).toContain('FORBIDDEN');
    expect(result.errors![0].message, label).toMatch(/role|scope|session token/);
  } else {
    expect(codes(result.errors), label).not.toContain('FORBIDDEN');
    expect(JSON.stringify(result.data ?? null), label).not.toContain(fx.projectId);
  }
}

async function checkRest(operation: Operation, credentials: Credentials, expected: Expectation) {
  const make = INVOCATIONS[operation].rest;
  if (!make) return;
  const call = await make(fx);
  const kind = credentials.apiKey ? 'apiKey' : 'bearer';
  if (call.auth !== 'either' && call.auth !== kind) return;
  const res = await rest(fx.url, call.method, call.path, { body: call.body, credentials });
  const label = `${operation} ${call.method} ${call.path} ${res.raw}`;
  if (expected === 'allowed') expect(res.status, label).toBeLessThan(300);
  else if (expected === 'refused') {
    expect(res.status, label).toBe(403);
    expect(res.body.message, label).toMatch(/role|scope/);
  } else {
    expect([200, 404], label).toContain(res.status);
    expect(res.raw, label).not.toContain(fx.jobId);
  }
}

async function checkSubscription(operation: Operation, params: Record<string, string>, expected: Expectation) {
  const make = INVOCATIONS[operation].subscription;
  if (!make) return;
  const call = make(fx);
  const sub = subscribe<unknown, unknown>(fx.url, parse(call.query), call.variables, params);
  try {
    await sub.connected;
    const deadline = Date.now() + 10_000;
    // An allowed subscription gets events: provoke some until one arrives (it may not be listening yet).
    while (sub.events.length === 0 && sub.errors.length === 0 && Date.now() < deadline) {
      if (expected === 'allowed') await fx.provoke(operation as 'jobStatusChanged' | 'endpointChanged');
      await new Promise((r) => setTimeout(r, 100));
    }
    const errorCodes = sub.errors.flat().map((e) => (e as { extensions?: { code?: string } }).extensions?.code);
    if (expected === 'allowed') expect(sub.events.length, `${operation} ${JSON.stringify(sub.errors)}`).toBeGreaterThan(0);
    else expect(errorCodes, operation).toContain(expected === 'refused' ? 'FORBIDDEN' : 'NOT_FOUND');
  } finally {
    await sub.dispose();
  }
}

describe('role matrix (from PERMISSIONS)', () => {
  for (const who of [...ROLES, 'stranger'] as const) {
    describe(who, () => {
      for (const operation of OPERATIONS) {
        const expected = expectedForRole(PERMISSIONS[operation], who);
        it(`${operation}: ${expected}`, async () => {
          const { token, userId } = sessions.get(who)!;
          await checkGraphql(operation, { token }, userId, expected);
          if (operation === 'leaveProject' && who !== 'stranger' && who !== 'OWNER') await rejoin(who);
          await checkRest(operation, { token }, expected);
          await checkSubscription(operation, { authorization: `Bearer ${token}` }, expected);
        }, 30_000);
      }
    });
  }
});

describe('scope matrix (from PERMISSIONS)', () => {
  const keys = new Map<Scope, string>();
  beforeAll(async () => {
    for (const scope of SCOPES) {
      const created = await gqlText(fx.url, 'mutation ($p: ID!, $s: [String!]) { createApiKey(projectId: $p, label: "scoped", scopes: $s) { key apiKey { scopes } } }', { p: fx.projectId, s: [scope] }, { token: fx.ownerToken });
      expect(created.data.createApiKey.apiKey.scopes).toEqual([scope]);
      keys.set(scope, created.data.createApiKey.key);
    }
  });

  for (const scope of SCOPES) {
    describe(`key with only ${scope}`, () => {
      for (const operation of OPERATIONS) {
        const permission = PERMISSIONS[operation];
        const expected = expectedForKey(permission, scope);
        it(`${operation}: ${expected}`, async () => {
          const apiKey = keys.get(scope)!;
          await checkGraphql(operation, { apiKey }, null, expected);
          await checkRest(operation, { apiKey }, expected);
          await checkSubscription(operation, { 'x-api-key': apiKey }, expected);
        }, 30_000);
      }
    });
  }

  it('keys get every scope by default, shown in the listing; unknown or empty scopes are a 400 naming the field', async () => {
    const listing = await gqlText(fx.url, 'query ($id: ID!) { project(id: $id) { apiKeys { scopes expiresAt } } }', { id: fx.projectId }, { token: fx.ownerToken });
    expect(listing.data.project.apiKeys).toContainEqual({ scopes: [...SCOPES], expiresAt: null });
    expect(listing.data.project.apiKeys).toContainEqual({ scopes: ['logs:read'], expiresAt: null });
    for (const [scopes, message] of [
      [['jobs:delete'], 'scopes: unknown scope "jobs:delete"; known: jobs:read, jobs:write, schedules:read, schedules:write, endpoints:read, endpoints:write, logs:read'],
      [[], 'scopes must name at least one scope'],
    ] as const) {
      const bad = await gqlText(fx.url, 'mutation ($p: ID!, $s: [String!]) { createApiKey(projectId: $p, label: "x", scopes: $s) { key } }', { p: fx.projectId, s: scopes }, { token: fx.ownerToken });
      expect(bad.errors?.[0]).toMatchObject({ message, extensions: { code: 'BAD_USER_INPUT', field: 'scopes' } });
    }
    const past = await gqlText(fx.url, 'mutation ($p: ID!) { createApiKey(projectId: $p, label: "x", expiresAt: "2020-01-01T00:00:00Z") { key } }', { p: fx.projectId }, { token: fx.ownerToken });
    expect(past.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('a key past its expiresAt is refused like an unknown key, and its open connections close', async () => {
    const expiresAt = new Date(Date.now() + 2_000).toISOString();
    const created = await gqlText(fx.url, 'mutation ($p: ID!, $t: DateTime) { createApiKey(projectId: $p, label: "brief", expiresAt: $t) { key apiKey { expiresAt } } }', { p: fx.projectId, t: expiresAt }, { token: fx.ownerToken });
    expect(created.data.createApiKey.apiKey.expiresAt).toBe(expiresAt);
    const apiKey = created.data.createApiKey.key;
    const sub = subscribe<unknown, unknown>(fx.url, parse('subscription { jobStatusChanged { jobId } }'), {}, { 'x-api-key': apiKey });
    await sub.connected;
    expect((await rest(fx.url, 'GET', '/api/v1/schedules', { credentials: { apiKey } })).status).toBe(200);
    await new Promise((r) => setTimeout(r, Date.parse(expiresAt) - Date.now() + 100));
    const refused = await rest(fx.url, 'GET', '/api/v1/schedules', { credentials: { apiKey } });
    expect(refused.status).toBe(401);
    expect(refused.body.message).toBe('Invalid API key');
    expect((await gqlText(fx.url, '{ projects { id } }', {}, { apiKey })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(await sub.closed).toBe(4403);
  });

  it('names the missing scope, over REST and GraphQL', async () => {
    const apiKey = keys.get('jobs:read')!;
    const res = await rest(fx.url, 'POST', '/api/v1/schedules', { body: { name: 'n', every: '1h', title: 't', webhookUrl: 'http://127.0.0.1:9/' }, credentials: { apiKey } });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ status: false, message: 'API key lacks the scope schedules:write, which createSchedule needs', data: null });
    const viaGraphql = await gqlText(fx.url, 'mutation { cancelJob(id: "00000000-0000-0000-0000-000000000000") { id } }', {}, { apiKey });
    expect(viaGraphql.errors?.[0]).toMatchObject({ message: 'API key lacks the scope jobs:write, which cancelJob needs', extensions: { code: 'FORBIDDEN' } });
  });
});
