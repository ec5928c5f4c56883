/** Accounts, sessions, projects and API keys over GraphQL, and how credentials are stored. */
import { createHash } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inMs, signUp, startTestApp, type TestApp } from '../helpers/app.js';
import { gql, gqlOk, rest } from '../helpers/clients.js';
import {
  CreateApiKeyDocument,
  CreateProjectDocument,
  LoginDocument,
  LogoutDocument,
  MeDocument,
  ProjectDocument,
  ProjectsDocument,
  ProjectSummaryDocument,
  RegisterDocument,
  RevokeApiKeyDocument,
} from '../generated/graphql.js';

let server: TestApp;
let db: pg.Client;
beforeAll(async () => {
  server = await startTestApp();
  db = new pg.Client({ connectionString: server.databaseUrl });
  await db.connect();
});
afterAll(async () => {
  await db?.end();
  await server?.stop();
});

let counter = 0;
/** Unique per call, so tests never collide on the unique email. */
const freshEmail = () => `acct${Date.now()}${counter++}@example.com`;
const PASSWORD = 'correct horse battery';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const jobBody = () => ({ title: 'accounts', webhookUrl: 'https://your-app.com/hooks/accounts', fireAt: inMs(120_000), payload: {} });

describe('register', () => {
  it('returns a token and the user, with the email in lower case', async () => {
    const email = freshEmail();
    const { register } = await gqlOk(server.url, RegisterDocument, { email: `  ${email.toUpperCase()} `, password: PASSWORD });
    expect(register.token).toEqual(expect.any(String));
    expect(register.token.length).toBeGreaterThan(0);
    expect(register.user).toEqual({ id: expect.any(String), email });
  });

  it('rejects a duplicate email, whatever its case', async () => {
    const email = freshEmail();
    await gqlOk(server.url, RegisterDocument, { email, password: PASSWORD });
    const res = await gql(server.url, RegisterDocument, { email: email.toUpperCase(), password: PASSWORD });
    expect(res.data).toBeNull();
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].message).toMatch(/email/i);
  });

  it('rejects a password shorter than 8 characters', async () => {
    const res = await gql(server.url, RegisterDocument, { email: freshEmail(), password: '1234567' });
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].message).toMatch(/password/i);
  });

  it('accepts a password of exactly 8 characters', async () => {
    await gqlOk(server.url, RegisterDocument, { email: freshEmail(), password: '12345678' });
  });

  it.each([['not-an-email'], ['a@b'], ['@example.com'], ['two words@example.com'], ['']])('rejects the malformed email %j', async (email) => {
    const res = await gql(server.url, RegisterDocument, { email, password: PASSWORD });
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].message).toMatch(/email/i);
  });
});

describe('login', () => {
  it('with the right password returns a new token for the same user', async () => {
    const email = freshEmail();
    const { register } = await gqlOk(server.url, RegisterDocument, { email, password: PASSWORD });
    const { login } = await gqlOk(server.url, LoginDocument, { email: email.toUpperCase(), password: PASSWORD });
    expect(login.user).toEqual(register.user);
    expect(login.token).not.toBe(register.token);
    // Both sessions stay valid: logging in elsewhere does not sign the first one out.
    expect((await gqlOk(server.url, MeDocument, {}, { token: register.token })).me).toEqual(register.user);
    expect((await gqlOk(server.url, MeDocument, {}, { token: login.token })).me).toEqual(register.user);
  });

  it('answers a wrong password and an unknown email alike, so accounts cannot be probed', async () => {
    const email = freshEmail();
    await gqlOk(server.url, RegisterDocument, { email, password: PASSWORD });
    const wrong = await gql(server.url, LoginDocument, { email, password: 'not the password' });
    const unknown = await gql(server.url, LoginDocument, { email: freshEmail(), password: PASSWORD });
    expect(wrong.data).toBeNull();
    expect(unknown.data).toBeNull();
    expect(wrong.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(unknown.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(wrong.errors?.[0].message).toBe(unknown.errors?.[0].message);
  });
});

describe('me and logout', () => {
  it('me returns the user for its token, and null without credentials', async () => {
    const { register } = await gqlOk(server.url, RegisterDocument, { email: freshEmail(), password: PASSWORD });
    expect((await gqlOk(server.url, MeDocument, {}, { token: register.token })).me).toEqual(register.user);
    const anonymous = await gql(server.url, MeDocument, {});
    expect(anonymous.errors).toBeUndefined();
    expect(anonymous.data?.me).toBeNull();
  });

  it('logout ends that session for GraphQL and REST alike', async () => {
    const { register } = await gqlOk(server.url, RegisterDocument, { email: freshEmail(), password: PASSWORD });
    const credentials = { token: register.token };
    expect((await rest(server.url, 'GET', '/api/v1/jobs', { credentials })).status).toBe(200);
    expect((await gqlOk(server.url, LogoutDocument, {}, credentials)).logout).toBe(true);
    expect((await gqlOk(server.url, MeDocument, {}, credentials)).me).toBeNull();
    expect((await rest(server.url, 'GET', '/api/v1/jobs', { credentials })).status).toBe(401);
  });
});

describe('projects', () => {
  it('createProject needs credentials', async () => {
    const res = await gql(server.url, CreateProjectDocument, { name: 'anonymous' });
    expect(res.data).toBeNull();
    expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it.each([[''], ['   ']])('createProject rejects the empty name %j', async (name) => {
    const { token } = await signUp(server.url);
    const res = await gql(server.url, CreateProjectDocument, { name }, { token });
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('each user sees only their own projects', async () => {
    const alice = await signUp(server.url, 'alice-first');
    const bob = await signUp(server.url, 'bob-first');
    const { createProject: second } = await gqlOk(server.url, CreateProjectDocument, { name: 'alice-second' }, { token: alice.token });

    const aliceList = (await gqlOk(server.url, ProjectsDocument, {}, { token: alice.token })).projects;
    expect(aliceList).toEqual([
      { id: alice.projectId, name: 'alice-first' },
      { id: second.id, name: 'alice-second' },
    ]);
    const bobList = (await gqlOk(server.url, ProjectsDocument, {}, { token: bob.token })).projects;
    expect(bobList).toEqual([{ id: bob.projectId, name: 'bob-first' }]);
  });

  it("another user's project looks missing, as does an id that is not a UUID", async () => {
    const alice = await signUp(server.url);
    const bob = await signUp(server.url);
    expect((await gqlOk(server.url, ProjectDocument, { id: alice.projectId }, { token: alice.token })).project?.id).toBe(alice.projectId);
    expect((await gqlOk(server.url, ProjectDocument, { id: alice.projectId }, { token: bob.token })).project).toBeNull();
    expect((await gqlOk(server.url, ProjectDocument, { id: 'not-a-uuid' }, { token: alice.token })).project).toBeNull();
  });
});

describe('API keys', () => {
  it('createApiKey shows the key once and stores only its SHA-256', async () => {
    const { token, projectId } = await signUp(server.url);
    const { createApiKey } = await gqlOk(server.url, CreateApiKeyDocument, { projectId, label: 'ci' }, { token });
    const { key, apiKey } = createApiKey;
    expect(key).toMatch(/^sk_[0-9a-f]{64}$/);
    expect(apiKey).toMatchObject({ label: 'ci', last4: key.slice(-4), lastUsedAt: null, revokedAt: null });

    const hashes = (await db.query<{ key_hash: string }>('select key_hash from api_keys')).rows.map((row) => row.key_hash);
    expect(hashes).toContain(sha256(key));
    const everything = JSON.stringify((await db.query('select * from api_keys')).rows);
    expect(everything).not.toContain(key);
    // Nor the 64 random hex characters without their prefix.
    expect(everything).not.toContain(key.slice(3));
  });

  it('sessions store only the SHA-256 of the token', async () => {
    const email = freshEmail();
    const { register } = await gqlOk(server.url, RegisterDocument, { email, password: PASSWORD });
    const { login } = await gqlOk(server.url, LoginDocument, { email, password: PASSWORD });

    const hashes = (await db.query<{ token_hash: string }>('select token_hash from sessions')).rows.map((row) => row.token_hash);
    expect(hashes).toEqual(expect.arrayContaining([sha256(register.token), sha256(login.token)]));
    const everything = JSON.stringify((await db.query('select * from sessions')).rows);
    expect(everything).not.toContain(register.token);
    expect(everything).not.toContain(login.token);
    // The password is kept only as its Argon2id hash.
    const users = JSON.stringify((await db.query('select * from users where email = $1', [email])).rows);
    expect(users).not.toContain(PASSWORD);
    expect(users).toContain('$argon2id$');
  });

  it('records when a key was last used', async () => {
    const user = await signUp(server.url);
    const before = (await gqlOk(server.url, ProjectDocument, { id: user.projectId }, { token: user.token })).project!;
    expect(before.apiKeys).toHaveLength(1);
    expect(before.apiKeys[0].lastUsedAt).toBeNull();

    const res = await rest(server.url, 'POST', '/api/v1/jobs', { body: jobBody(), credentials: { apiKey: user.apiKey } });
    expect(res.status).toBe(201);
    const after = (await gqlOk(server.url, ProjectDocument, { id: user.projectId }, { token: user.token })).project!;
    expect(after.apiKeys[0].lastUsedAt).not.toBeNull();
  });

  it("cannot create or revoke keys on another user's project", async () => {
    const alice = await signUp(server.url);
    const bob = await signUp(server.url);
    const create = await gql(server.url, CreateApiKeyDocument, { projectId: alice.projectId, label: 'intruder' }, { token: bob.token });
    expect(create.data).toBeNull();
    expect(create.errors?.[0].extensions?.code).toBe('NOT_FOUND');

    const aliceKeys = (await gqlOk(server.url, ProjectDocument, { id: alice.projectId }, { token: alice.token })).project!.apiKeys;
    const revoke = await gql(server.url, RevokeApiKeyDocument, { id: aliceKeys[0].id }, { token: bob.token });
    expect(revoke.data).toBeNull();
    expect(revoke.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    // Bob's attempt changed nothing: Alice's key still works.
    expect((await rest(server.url, 'POST', '/api/v1/jobs', { body: jobBody(), credentials: { apiKey: alice.apiKey } })).status).toBe(201);
  });

  it('revokeApiKey sets revokedAt and the key stops working', async () => {
    const user = await signUp(server.url);
    const keys = (await gqlOk(server.url, ProjectDocument, { id: user.projectId }, { token: user.token })).project!.apiKeys;
    const { revokeApiKey } = await gqlOk(server.url, RevokeApiKeyDocument, { id: keys[0].id }, { token: user.token });
    expect(revokeApiKey.id).toBe(keys[0].id);
    expect(revokeApiKey.revokedAt).not.toBeNull();
    expect(Number.isNaN(Date.parse(revokeApiKey.revokedAt!))).toBe(false);

    const res = await rest(server.url, 'POST', '/api/v1/jobs', { body: jobBody(), credentials: { apiKey: user.apiKey } });
    expect(res.status).toBe(401);
    const listed = (await gqlOk(server.url, ProjectDocument, { id: user.projectId }, { token: user.token })).project!.apiKeys;
    expect(listed[0].revokedAt).toBe(revokeApiKey.revokedAt);
  });
});

describe('an API key as the caller', () => {
  it('cannot create projects', async () => {
    const { apiKey } = await signUp(server.url);
    const res = await gql(server.url, CreateProjectDocument, { name: 'from a key' }, { apiKey });
    expect(res.data).toBeNull();
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('can read its own project but not list its keys', async () => {
    const { apiKey, projectId } = await signUp(server.url, 'keyed');
    const { project } = await gqlOk(server.url, ProjectSummaryDocument, { id: projectId }, { apiKey });
    expect(project).toEqual({ id: projectId, name: 'keyed' });

    const withKeys = await gql(server.url, ProjectDocument, { id: projectId }, { apiKey });
    expect(withKeys.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(withKeys.errors?.[0].message).not.toMatch(/sk_[0-9a-f]/);
    // apiKeys is a non-null list, so its error nulls the whole (nullable) project.
    expect(withKeys.data).toEqual({ project: null });
  });
});

describe('credentials across instances', () => {
  let other: TestApp;
  beforeAll(async () => {
    other = await startTestApp({}, { databaseUrl: server.databaseUrl });
  });
  afterAll(async () => other?.stop());

  const refusedSoon = async (check: () => Promise<number>) => {
    // The other instance hears of it over the event relay, within milliseconds.
    const deadline = Date.now() + 2_000;
    let status = await check();
    while (status !== 401 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
      status = await check();
    }
    return status;
  };

  it('a key revoked on one instance stops working on the other, though the other had just verified it', async () => {
    const user = await signUp(server.url);
    const list = () => rest(other.url, 'POST', '/api/v1/jobs', { body: { title: 't', webhookUrl: 'https://example.com/x', fireAt: inMs(60_000) }, credentials: { apiKey: user.apiKey } }).then((r) => r.status);
    expect(await list()).toBe(201);
    const { project } = await gqlOk(server.url, ProjectDocument, { id: user.projectId }, { token: user.token });
    await gqlOk(server.url, RevokeApiKeyDocument, { id: project!.apiKeys[0].id }, { token: user.token });
    expect(await refusedSoon(list)).toBe(401);
  });

  it('a session logged out on one instance ends on the other too', async () => {
    const user = await signUp(server.url);
    const read = () => rest(other.url, 'GET', '/api/v1/jobs', { credentials: { token: user.token } }).then((r) => r.status);
    expect(await read()).toBe(200);
    await gqlOk(server.url, LogoutDocument, {}, { token: user.token });
    expect(await refusedSoon(read)).toBe(401);
  });
});
