/**
 * The audit log: an entry for each audited action with who (user or key), what, target, IP
 * and time; readable by owners and admins only, paged by cursor; never holding a secret;
 * deleted with the project's retention.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, startTestApp, type TestApp } from '../helpers/app.js';
import { gqlText, rest } from '../helpers/clients.js';
import { withDatabase } from '../helpers/jobs.js';

let server: TestApp;
beforeAll(async () => {
  server = await startTestApp({ RETENTION: '7d' });
});
afterAll(async () => server?.stop());

interface Entry {
  action: string;
  actor: { kind: string; id: string | null; label: string | null };
  projectId: string | null;
  targetId: string | null;
  detail: Record<string, unknown>;
  ip: string | null;
  createdAt: string;
}
const ENTRY = 'action actor { kind id label } projectId targetId detail ip createdAt';

async function auditLog(projectId: string, token: string, first = 100, after?: string) {
  return gqlText(server.url, `query ($p: ID!, $f: Int, $a: String) { auditLog(projectId: $p, first: $f, after: $a) { edges { cursor node { ${ENTRY} } } pageInfo { hasNextPage endCursor } } }`, { p: projectId, f: first, a: after }, { token });
}

describe('audit log', () => {
  it('records each audited action with its actor, target and address, and never a secret', async () => {
    const owner = await signUp(server.url);
    const admin = await signUp(server.url);
    const guest = await signUp(server.url);
    const asOwner = { token: owner.token };
    const keyId = (await gqlText(server.url, 'query ($id: ID!) { project(id: $id) { apiKeys { id } } }', { id: owner.projectId }, asOwner)).data.project.apiKeys[0].id;
    const secrets: string[] = [owner.apiKey, owner.token, owner.password, admin.token];
    const gq = async (query: string, variables: object, credentials: { token?: string; apiKey?: string } = asOwner) => {
      const result = await gqlText(server.url, query, variables, credentials);
      expect(result.errors, query).toBeUndefined();
      return result.data;
    };

    // Members, by the owner and by an admin.
    await gq('mutation ($p: ID!, $e: String!) { addMember(projectId: $p, email: $e, role: ADMIN) { role } }', { p: owner.projectId, e: admin.email });
    await gq('mutation ($p: ID!, $e: String!) { addMember(projectId: $p, email: $e, role: VIEWER) { role } }', { p: owner.projectId, e: guest.email }, { token: admin.token });
    await gq('mutation ($p: ID!, $u: ID!) { updateMember(projectId: $p, userId: $u, role: DEVELOPER) { role } }', { p: owner.projectId, u: guest.userId }, { token: admin.token });
    await gq('mutation ($p: ID!, $u: ID!) { removeMember(projectId: $p, userId: $u) { role } }', { p: owner.projectId, u: guest.userId }, { token: admin.token });
    // Keys and the signing secret.
    const created = await gq('mutation ($p: ID!) { createApiKey(projectId: $p, label: "ci", scopes: ["jobs:write"]) { key apiKey { id } } }', { p: owner.projectId });
    secrets.push(created.createApiKey.key);
    await gq('mutation ($id: ID!) { revokeApiKey(id: $id) { id } }', { id: created.createApiKey.apiKey.id });
    secrets.push((await gq('query ($id: ID!) { project(id: $id) { signingSecret } }', { id: owner.projectId })).project.signingSecret);
    secrets.push((await gq('mutation ($p: ID!) { rotateSigningSecret(projectId: $p) { signingSecret } }', { p: owner.projectId })).rotateSigningSecret.signingSecret);
    await gq('mutation ($id: ID!) { updateProject(id: $id, input: { retention: "30d", alertWebhookUrl: "http://127.0.0.1:9/alerts?token=hush-hush" }) { id } }', { id: owner.projectId });
    secrets.push('hush-hush');
    // Schedules, endpoints and bulk actions, with the project's key over REST.
    const key = { apiKey: owner.apiKey };
    const schedule = (await rest(server.url, 'POST', '/api/v1/schedules', { body: { name: 'nightly', every: '1h', title: 't', webhookUrl: 'http://127.0.0.1:9/s', headers: { authorization: 'Bearer receiver-secret' } }, credentials: key })).body.data;
    secrets.push('receiver-secret');
    await rest(server.url, 'PATCH', `/api/v1/schedules/${schedule.id}`, { body: { name: 'nightly 2', headers: { authorization: 'Bearer receiver-secret' } }, credentials: key });
    await rest(server.url, 'POST', `/api/v1/schedules/${schedule.id}/pause`, { credentials: key });
    await rest(server.url, 'POST', `/api/v1/schedules/${schedule.id}/resume`, { credentials: key });
    await rest(server.url, 'DELETE', `/api/v1/schedules/${schedule.id}`, { credentials: key });
    const job = (await rest(server.url, 'POST', '/api/v1/jobs', { body: { title: 't', webhookUrl: 'http://127.0.0.1:9/j', delay: '1h' }, credentials: key })).body.data;
    const endpoints = await gq('query ($p: ID!) { endpoints(projectId: $p) { id } }', { p: owner.projectId });
    expect((await rest(server.url, 'PATCH', `/api/v1/endpoints/${endpoints.endpoints[0].id}`, { body: { rateLimit: 5 }, credentials: key })).status).toBe(200);
    expect((await rest(server.url, 'POST', '/api/v1/jobs/cancel', { body: { ids: [job.id] }, credentials: key })).body.data.count).toBe(1);
    expect((await rest(server.url, 'POST', '/api/v1/jobs/replay', { body: { ids: [job.id] }, credentials: key })).body.data.count).toBe(1);
    // Logins of a member, good and bad.
    await gqlText(server.url, 'mutation ($e: String!) { login(email: $e, password: "wrong password!") { token } }', { e: owner.email });
    secrets.push('wrong password!');
    secrets.push((await gq('mutation ($e: String!, $pw: String!) { login(email: $e, password: $pw) { token } }', { e: owner.email, pw: owner.password })).login.token);

    const result = await auditLog(owner.projectId, admin.token);
    expect(result.errors).toBeUndefined();
    const entries: Entry[] = result.data.auditLog.edges.map((edge: { node: Entry }) => edge.node);
    const byAction = (action: string) => entries.filter((entry) => entry.action === action);
    const ownerActor = { kind: 'user', id: owner.userId, label: owner.email };
    const adminActor = { kind: 'user', id: admin.userId, label: admin.email };
    const keyActor = { kind: 'apiKey', id: keyId, label: 'test' };
    const expected: Array<[string, object, Partial<Entry>]> = [
      ['member.added', ownerActor, { targetId: admin.userId, detail: { email: admin.email, role: 'ADMIN' } }],
      ['member.added', adminActor, { targetId: guest.userId, detail: { email: guest.email, role: 'VIEWER' } }],
      ['member.updated', adminActor, { targetId: guest.userId, detail: { email: guest.email, role: 'DEVELOPER', previousRole: 'VIEWER' } }],
      ['member.removed', adminActor, { targetId: guest.userId, detail: { email: guest.email, role: 'DEVELOPER', left: false } }],
      ['apiKey.created', ownerActor, { targetId: created.createApiKey.apiKey.id }],
      ['apiKey.revoked', ownerActor, { targetId: created.createApiKey.apiKey.id }],
      ['signingSecret.rotated', ownerActor, { targetId: owner.projectId, detail: {} }],
      ['project.updated', ownerActor, { detail: { fields: ['retention', 'alertWebhookUrl'] } }],
      ['schedule.created', keyActor, { targetId: schedule.id, detail: { name: 'nightly', paused: false } }],
      ['schedule.updated', keyActor, { targetId: schedule.id, detail: { name: 'nightly 2', fields: ['name', 'headers'] } }],
      ['schedule.paused', keyActor, { targetId: schedule.id }],
      ['schedule.resumed', keyActor, { targetId: schedule.id }],
      ['schedule.deleted', keyActor, { targetId: schedule.id }],
      ['endpoint.updated', keyActor, { targetId: endpoints.endpoints[0].id, detail: { origin: 'http://127.0.0.1:9', rateLimit: 5 } }],
      ['jobs.cancelled', keyActor, { detail: { filter: { ids: 1 }, count: 1 } }],
      ['jobs.replayed', keyActor, { detail: { filter: { ids: 1 }, count: 1 } }],
      ['login.failed', { kind: 'anonymous', id: null, label: null }, { projectId: null, targetId: owner.userId, detail: { email: owner.email } }],
      ['login.succeeded', ownerActor, { projectId: null, targetId: owner.userId }],
    ];
    for (const [action, actor, fields] of expected) {
      expect(byAction(action), action).toContainEqual(expect.objectContaining({ actor, ip: '127.0.0.1', ...fields }));
    }
    expect(byAction('apiKey.created')[0].detail).toEqual({ label: 'ci', last4: created.createApiKey.key.slice(-4), scopes: ['jobs:write'], expiresAt: null });
    // Newest first.
    const times = entries.map((entry) => Date.parse(entry.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));

    // Neither the answer nor the table holds a secret.
    const stored = await withDatabase(server.databaseUrl, async (db) => JSON.stringify((await db.query('select * from audit_entries')).rows));
    for (const secret of secrets) {
      expect(JSON.stringify(result)).not.toContain(secret);
      expect(stored).not.toContain(secret);
    }
  }, 60_000);

  it('pages by cursor; owners and admins only; a stranger finds no project', async () => {
    const owner = await signUp(server.url);
    const viewer = await signUp(server.url);
    const stranger = await signUp(server.url);
    await gqlText(server.url, 'mutation ($p: ID!, $e: String!) { addMember(projectId: $p, email: $e, role: VIEWER) { role } }', { p: owner.projectId, e: viewer.email }, { token: owner.token });
    for (let i = 0; i < 6; i++) await gqlText(server.url, 'mutation ($p: ID!) { rotateSigningSecret(projectId: $p) { id } }', { p: owner.projectId }, { token: owner.token });
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = (await auditLog(owner.projectId, owner.token, 3, after)).data.auditLog;
      seen.push(...page.edges.map((edge: { cursor: string; node: Entry }) => `${edge.node.action}@${edge.node.createdAt}`));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen.filter((s) => s.startsWith('signingSecret.rotated'))).toHaveLength(6);
    expect(seen.filter((s) => s.startsWith('member.added'))).toHaveLength(1);
    expect(new Set(seen).size).toBeGreaterThanOrEqual(2);

    expect((await auditLog(owner.projectId, viewer.token)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await auditLog(owner.projectId, stranger.token)).errors?.[0]).toMatchObject({ message: 'Project not found', extensions: { code: 'NOT_FOUND' } });
    const withKey = await gqlText(server.url, 'query ($p: ID!) { auditLog(projectId: $p) { edges { cursor } } }', { p: owner.projectId }, { apiKey: owner.apiKey });
    expect(withKey.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const otherCursor = (await auditLog(stranger.projectId, stranger.token, 1)).data.auditLog.pageInfo.endCursor;
    const misused = await auditLog(owner.projectId, owner.token, 3, otherCursor ?? 'x.y');
    expect(misused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('is deleted with the project’s retention (account entries with RETENTION)', async () => {
    const owner = await signUp(server.url);
    await gqlText(server.url, 'mutation ($p: ID!) { rotateSigningSecret(projectId: $p) { id } }', { p: owner.projectId }, { token: owner.token });
    await gqlText(server.url, 'mutation ($e: String!) { login(email: $e, password: "nope nope nope") { token } }', { e: owner.email });
    const count = () => withDatabase(server.databaseUrl, async (db) => (await db.query('select count(*)::int as n from audit_entries where project_id = $1 or target_id = $2', [owner.projectId, owner.userId])).rows[0].n as number);
    // signUp's key, the rotation and the failed login.
    expect(await count()).toBe(3);
    await server.app.retention.purgeOnce();
    expect(await count()).toBe(3);
    await withDatabase(server.databaseUrl, (db) => db.query(`update audit_entries set created_at = now() - interval '8 days' where project_id = $1 or target_id = $2`, [owner.projectId, owner.userId]));
    await server.app.retention.purgeOnce();
    expect(await count()).toBe(0);
  });
});
