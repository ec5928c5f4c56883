/** Sessions: the list, revoking one (its sockets close), logging out everywhere, and changing the password (other sessions end). */
import { parse } from 'graphql';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, startTestApp, type TestApp } from '../helpers/app.js';
import { gqlText, rest } from '../helpers/clients.js';
import { subscribe } from '../helpers/subscriptions.js';

let server: TestApp;
beforeAll(async () => {
  server = await startTestApp();
});
afterAll(async () => server?.stop());

async function login(email: string, password: string, userAgent: string): Promise<string> {
  const res = await request(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': userAgent },
    body: JSON.stringify({ query: 'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', variables: { e: email, p: password } }),
  });
  const body = (await res.body.json()) as { data?: { login: { token: string } }; errors?: unknown };
  if (!body.data) throw new Error(JSON.stringify(body.errors));
  return body.data.login.token;
}
const works = async (token: string) => (await rest(server.url, 'GET', '/api/v1/jobs', { credentials: { token } })).status === 200;
const listen = (token: string) => subscribe(server.url, parse('subscription { jobStatusChanged { jobId } }'), {}, { authorization: `Bearer ${token}` });
const SESSIONS = '{ sessions { id createdAt lastSeenAt expiresAt ip userAgent current } }';

describe('sessions', () => {
  it('lists the caller’s sessions with when, where from and which client; the current one is marked', async () => {
    const user = await signUp(server.url);
    const laptop = await login(user.email, user.password, 'Laptop/1.0');
    await login(user.email, user.password, 'Phone/2.0');
    const sessions = (await gqlText(server.url, SESSIONS, {}, { token: laptop })).data.sessions;
    expect(sessions).toHaveLength(3);
    expect(sessions.map((s: { userAgent: string }) => s.userAgent)).toEqual(['Phone/2.0', 'Laptop/1.0', null]);
    expect(sessions.filter((s: { current: boolean }) => s.current).map((s: { userAgent: string }) => s.userAgent)).toEqual(['Laptop/1.0']);
    for (const session of sessions) {
      expect(session.ip).toBe('127.0.0.1');
      expect(Date.parse(session.lastSeenAt)).toBeGreaterThanOrEqual(Date.parse(session.createdAt));
      expect(Date.parse(session.expiresAt)).toBeGreaterThan(Date.now());
    }
    const other = await signUp(server.url);
    expect((await gqlText(server.url, SESSIONS, {}, { token: other.token })).data.sessions).toHaveLength(1);
    expect((await gqlText(server.url, SESSIONS, {}, { apiKey: user.apiKey })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('revokeSession ends that session at once and closes its open WebSocket connections', async () => {
    const user = await signUp(server.url);
    const phone = await login(user.email, user.password, 'Phone/2.0');
    const socket = listen(phone);
    const untouched = listen(user.token);
    await Promise.all([socket.connected, untouched.connected]);
    const phoneId = (await gqlText(server.url, SESSIONS, {}, { token: user.token })).data.sessions.find((s: { userAgent: string }) => s.userAgent === 'Phone/2.0').id;
    const stranger = await signUp(server.url);
    expect((await gqlText(server.url, 'mutation ($id: ID!) { revokeSession(id: $id) }', { id: phoneId }, { token: stranger.token })).errors?.[0]).toMatchObject({ message: 'Session not found', extensions: { code: 'NOT_FOUND' } });
    expect(await works(phone)).toBe(true);

    expect((await gqlText(server.url, 'mutation ($id: ID!) { revokeSession(id: $id) }', { id: phoneId }, { token: user.token })).data.revokeSession).toBe(true);
    expect(await socket.closed).toBe(4403);
    expect(await works(phone)).toBe(false);
    expect(await works(user.token)).toBe(true);
    // The other session's connection is still open: it gets the next event.
    await rest(server.url, 'DELETE', `/api/v1/jobs/${(await rest(server.url, 'POST', '/api/v1/jobs', { body: { title: 't', webhookUrl: 'http://127.0.0.1:9/', delay: '1h' }, credentials: { apiKey: user.apiKey } })).body.data.id}`, { credentials: { apiKey: user.apiKey } });
    await untouched.waitForEvents(1);
    await untouched.dispose();
    const audit = await gqlText(server.url, 'query ($p: ID!) { auditLog(projectId: $p) { edges { node { action targetId detail } } } }', { p: user.projectId }, { token: user.token });
    expect(audit.data.auditLog.edges.map((e: { node: unknown }) => e.node)).toContainEqual({ action: 'session.revoked', targetId: user.userId, detail: { sessionId: phoneId } });
  });

  it('logoutEverywhere ends every session, this one included', async () => {
    const user = await signUp(server.url);
    const other = await login(user.email, user.password, 'Other/1.0');
    const socket = listen(other);
    await socket.connected;
    expect((await gqlText(server.url, 'mutation { logoutEverywhere }', {}, { token: user.token })).data.logoutEverywhere).toBe(true);
    expect(await socket.closed).toBe(4403);
    expect(await works(user.token)).toBe(false);
    expect(await works(other)).toBe(false);
  });

  it('changePassword checks the current one, ends every other session, and the new one logs in', async () => {
    const user = await signUp(server.url);
    const other = await login(user.email, user.password, 'Other/1.0');
    const socket = listen(other);
    await socket.connected;
    const change = (current: string, next: string) =>
      gqlText(server.url, 'mutation ($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }', { c: current, n: next }, { token: user.token });
    expect((await change('not my password', 'a brand new password')).errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'currentPassword' } });
    expect((await change(user.password, 'short')).errors?.[0]).toMatchObject({ message: 'newPassword must be at least 8 characters', extensions: { code: 'BAD_USER_INPUT', field: 'newPassword' } });
    expect(await works(other)).toBe(true);

    expect((await change(user.password, 'a brand new password')).data.changePassword).toBe(true);
    expect(await socket.closed).toBe(4403);
    expect(await works(other)).toBe(false);
    expect(await works(user.token)).toBe(true);
    await expect(login(user.email, user.password, 'x')).rejects.toThrow(/Invalid email or password/);
    expect(await works(await login(user.email, 'a brand new password', 'x'))).toBe(true);
    const audit = await gqlText(server.url, 'query ($p: ID!) { auditLog(projectId: $p) { edges { node { action detail } } } }', { p: user.projectId }, { token: user.token });
    expect(audit.data.auditLog.edges.map((e: { node: unknown }) => e.node)).toContainEqual({ action: 'password.changed', detail: { sessionsEnded: 1 } });
  });
});
