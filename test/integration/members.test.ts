/** Project members: what each sees, the rules between roles (owners, the last owner, leaving), and the migration that made owners members. */
import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ormConfig } from '../../src/db/mikro-orm.config.js';
import { AddMemberDocument, ProjectMembersDocument, RemoveMemberDocument, UpdateMemberDocument } from '../generated/graphql.js';
import { signUp, startTestApp, type TestApp } from '../helpers/app.js';
import { gql, gqlOk, gqlText, rest } from '../helpers/clients.js';
import { createTestDatabase } from '../helpers/database.js';
import { subscribe } from '../helpers/subscriptions.js';
import { parse } from 'graphql';
import { CLOSE_ACCESS_CHANGED } from '../../src/transports/ws/subscription-server.js';

let server: TestApp;
beforeAll(async () => {
  server = await startTestApp();
});
afterAll(async () => server?.stop());

describe('members', () => {
  it('a member sees exactly the projects they belong to; a stranger’s view of them is “not found”', async () => {
    const owner = await signUp(server.url, 'shared');
    const member = await signUp(server.url, 'own');
    const stranger = await signUp(server.url, 'elsewhere');
    await gqlOk(server.url, AddMemberDocument, { projectId: owner.projectId, email: member.email.toUpperCase(), role: 'VIEWER' }, { token: owner.token });
    const job = await rest(server.url, 'POST', '/api/v1/jobs', { body: { title: 't', webhookUrl: 'http://127.0.0.1:9/', delay: '1h' }, credentials: { apiKey: owner.apiKey } });

    const projects = await gqlText(server.url, '{ projects { id } }', {}, { token: member.token });
    expect(projects.data.projects.map((p: { id: string }) => p.id).sort()).toEqual([owner.projectId, member.projectId].sort());
    expect((await rest(server.url, 'GET', `/api/v1/jobs/${job.body.data.id}`, { credentials: { token: member.token } })).status).toBe(200);
    const listed = await rest(server.url, 'GET', '/api/v1/jobs', { credentials: { token: member.token } });
    expect(listed.body.data.jobs.map((j: { id: string }) => j.id)).toEqual([job.body.data.id]);

    expect((await rest(server.url, 'GET', `/api/v1/jobs/${job.body.data.id}`, { credentials: { token: stranger.token } })).status).toBe(404);
    const strangerView = await gql(server.url, ProjectMembersDocument, { id: owner.projectId }, { token: stranger.token });
    expect(strangerView).toEqual({ data: { project: null } });
    const strangerAdd = await gql(server.url, AddMemberDocument, { projectId: owner.projectId, email: stranger.email, role: 'OWNER' }, { token: stranger.token });
    expect(strangerAdd.errors?.[0]).toMatchObject({ message: 'Project not found', extensions: { code: 'NOT_FOUND' } });
  });

  it('a member removed from a project stays signed in; their live connections reconnect and no longer see it', async () => {
    const owner = await signUp(server.url, 'shared');
    const member = await signUp(server.url, 'own');
    await gqlOk(server.url, AddMemberDocument, { projectId: owner.projectId, email: member.email, role: 'VIEWER' }, { token: owner.token });
    const createIn = async (apiKey: string) =>
      (await rest(server.url, 'POST', '/api/v1/jobs', { body: { title: 't', webhookUrl: 'http://127.0.0.1:9/', delay: '1h' }, credentials: { apiKey } })).body.data.id as string;
    const everything = parse('subscription { jobStatusChanged { jobId projectId } }');
    const before = subscribe<{ jobStatusChanged: { jobId: string } }, unknown>(server.url, everything, {}, { authorization: `Bearer ${member.token}` });
    await before.connected;
    const shared = await createIn(owner.apiKey);
    expect((await before.waitForEvents(1))[0].jobStatusChanged.jobId).toBe(shared);

    await gqlOk(server.url, RemoveMemberDocument, { projectId: owner.projectId, userId: member.userId }, { token: owner.token });
    expect(await before.closed).toBe(CLOSE_ACCESS_CHANGED);
    // Not a sign-out: the session works, and sees only what is still the member's.
    expect((await gqlText(server.url, '{ projects { id } }', {}, { token: member.token })).data.projects).toEqual([{ id: member.projectId }]);
    const after = subscribe<{ jobStatusChanged: { jobId: string } }, unknown>(server.url, everything, {}, { authorization: `Bearer ${member.token}` });
    try {
      await after.connected;
      await createIn(owner.apiKey);
      const own = await createIn(member.apiKey);
      const [seen] = await after.waitForEvents(1);
      expect(seen.jobStatusChanged.jobId).toBe(own);
      expect(after.events).toHaveLength(1);
    } finally {
      await after.dispose();
      await before.dispose();
    }
  });

  it('only an OWNER makes, changes or removes owners; admins manage the rest', async () => {
    const owner = await signUp(server.url);
    const admin = await signUp(server.url);
    const dev = await signUp(server.url);
    await gqlOk(server.url, AddMemberDocument, { projectId: owner.projectId, email: admin.email, role: 'ADMIN' }, { token: owner.token });
    const asAdmin = { token: admin.token };
    expect((await gqlOk(server.url, AddMemberDocument, { projectId: owner.projectId, email: dev.email, role: 'DEVELOPER' }, asAdmin)).addMember).toEqual({ user: { id: dev.userId, email: dev.email }, role: 'DEVELOPER' });
    for (const result of [
      await gql(server.url, UpdateMemberDocument, { projectId: owner.projectId, userId: dev.userId, role: 'OWNER' }, asAdmin),
      await gql(server.url, UpdateMemberDocument, { projectId: owner.projectId, userId: owner.userId, role: 'VIEWER' }, asAdmin),
      await gql(server.url, RemoveMemberDocument, { projectId: owner.projectId, userId: owner.userId }, asAdmin),
    ]) {
      expect(result.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
      expect(result.errors?.[0].message).toMatch(/OWNER .*yours is ADMIN/);
    }
    expect((await gqlOk(server.url, UpdateMemberDocument, { projectId: owner.projectId, userId: dev.userId, role: 'VIEWER' }, asAdmin)).updateMember.role).toBe('VIEWER');
    const again = await gql(server.url, AddMemberDocument, { projectId: owner.projectId, email: dev.email, role: 'VIEWER' }, asAdmin);
    expect(again.errors?.[0]).toMatchObject({ message: 'this user is already a member of the project', extensions: { code: 'BAD_USER_INPUT', field: 'email' } });
    const unknown = await gql(server.url, AddMemberDocument, { projectId: owner.projectId, email: 'nobody@example.com', role: 'VIEWER' }, asAdmin);
    expect(unknown.errors?.[0]).toMatchObject({ message: 'User not found', extensions: { code: 'NOT_FOUND' } });
    expect((await gqlOk(server.url, RemoveMemberDocument, { projectId: owner.projectId, userId: dev.userId }, asAdmin)).removeMember.role).toBe('VIEWER');
    expect((await gqlOk(server.url, ProjectMembersDocument, { id: owner.projectId }, { token: owner.token })).project!.members.map((m) => m.role)).toEqual(['OWNER', 'ADMIN']);
  });

  it('ownership passes to another member; the last OWNER can neither be demoted nor leave; anyone may leave', async () => {
    const owner = await signUp(server.url);
    const heir = await signUp(server.url);
    const viewer = await signUp(server.url);
    const asOwner = { token: owner.token };
    const lastOwner = { message: 'a project must keep at least one OWNER: make another member OWNER first', extensions: { code: 'BAD_USER_INPUT' } };
    expect((await gql(server.url, UpdateMemberDocument, { projectId: owner.projectId, userId: owner.userId, role: 'ADMIN' }, asOwner)).errors?.[0]).toMatchObject(lastOwner);
    expect((await gql(server.url, RemoveMemberDocument, { projectId: owner.projectId, userId: owner.userId }, asOwner)).errors?.[0]).toMatchObject(lastOwner);

    await gqlOk(server.url, AddMemberDocument, { projectId: owner.projectId, email: heir.email, role: 'ADMIN' }, asOwner);
    await gqlOk(server.url, AddMemberDocument, { projectId: owner.projectId, email: viewer.email, role: 'VIEWER' }, asOwner);
    await gqlOk(server.url, UpdateMemberDocument, { projectId: owner.projectId, userId: heir.userId, role: 'OWNER' }, asOwner);
    await gqlOk(server.url, RemoveMemberDocument, { projectId: owner.projectId, userId: owner.userId }, asOwner);
    expect((await gqlOk(server.url, ProjectMembersDocument, { id: owner.projectId }, asOwner)).project).toBeNull();
    const asHeir = { token: heir.token };
    expect((await gql(server.url, RemoveMemberDocument, { projectId: owner.projectId, userId: heir.userId }, asHeir)).errors?.[0]).toMatchObject(lastOwner);
    // A viewer cannot remove others, but may leave.
    expect((await gql(server.url, RemoveMemberDocument, { projectId: owner.projectId, userId: heir.userId }, { token: viewer.token })).errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect((await gqlOk(server.url, RemoveMemberDocument, { projectId: owner.projectId, userId: viewer.userId }, { token: viewer.token })).removeMember.role).toBe('VIEWER');
    expect((await gqlOk(server.url, ProjectMembersDocument, { id: owner.projectId }, asHeir)).project!.members.map((m) => m.user.id)).toEqual([heir.userId]);
  });

  it('two owners demoting each other at once leave one OWNER', async () => {
    const a = await signUp(server.url);
    const b = await signUp(server.url);
    await gqlOk(server.url, AddMemberDocument, { projectId: a.projectId, email: b.email, role: 'OWNER' }, { token: a.token });
    const results = await Promise.all([
      gql(server.url, UpdateMemberDocument, { projectId: a.projectId, userId: a.userId, role: 'ADMIN' }, { token: a.token }),
      gql(server.url, UpdateMemberDocument, { projectId: a.projectId, userId: b.userId, role: 'ADMIN' }, { token: b.token }),
    ]);
    expect(results.filter((r) => r.errors).length).toBe(1);
    const members = (await gqlOk(server.url, ProjectMembersDocument, { id: a.projectId }, { token: a.token })).project!.members;
    expect(members.filter((m) => m.role === 'OWNER')).toHaveLength(1);
  });

  it('bad input is a 400 naming the field', async () => {
    const owner = await signUp(server.url);
    const bad = await gqlText(server.url, 'mutation ($p: ID!) { addMember(projectId: $p, email: "not an email", role: VIEWER) { role } }', { p: owner.projectId }, { token: owner.token });
    expect(bad.errors?.[0]).toMatchObject({ message: 'email must be a valid email address', extensions: { code: 'BAD_USER_INPUT', field: 'email' } });
    const missing = await gql(server.url, UpdateMemberDocument, { projectId: owner.projectId, userId: 'nope', role: 'VIEWER' }, { token: owner.token });
    expect(missing.errors?.[0]).toMatchObject({ message: 'Member not found', extensions: { code: 'NOT_FOUND' } });
  });
});

it('the migration makes every existing project’s owner its OWNER and gives existing keys every scope', async () => {
  const database = await createTestDatabase();
  const orm = await MikroORM.init(ormConfig(database.url));
  try {
    const migrator = orm.getMigrator();
    await migrator.up({ to: 'Migration20261202020000_endpoints' });
    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    const user = await db.query(`insert into users (email, password_hash, created_at) values ('old@example.com', 'x', now()) returning id`);
    const project = await db.query(`insert into projects (owner_id, name, signing_secret, created_at) values ($1, 'old', 'whsec_AAAA', now()) returning id`, [user.rows[0].id]);
    await db.query(`insert into api_keys (project_id, label, key_hash, last4, created_at) values ($1, 'old', 'h', 'abcd', now())`, [project.rows[0].id]);
    await migrator.up();
    expect((await db.query('select project_id, user_id, role from project_members')).rows).toEqual([{ project_id: project.rows[0].id, user_id: user.rows[0].id, role: 'OWNER' }]);
    expect((await db.query('select scopes, expires_at from api_keys')).rows).toEqual([
      { scopes: ['jobs:read', 'jobs:write', 'schedules:read', 'schedules:write', 'endpoints:read', 'endpoints:write', 'logs:read'], expires_at: null },
    ]);
    await db.end();
  } finally {
    await orm.close();
    await database.dispose();
  }
});
