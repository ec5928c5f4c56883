import { randomBytes } from 'node:crypto';
import { request } from 'undici';

export interface BenchAccount {
  token: string;
  userId: string;
  projectId: string;
  apiKey: string;
}

/** POSTs one GraphQL operation; throws on transport or GraphQL errors. */
export async function graphql<T = any>(baseUrl: string, query: string, variables: object, headers: Record<string, string> = {}): Promise<T> {
  const res = await request(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
    headersTimeout: 30_000,
    bodyTimeout: 30_000,
  });
  const body = (await res.body.json()) as { data?: T; errors?: unknown[] };
  if (body.errors?.length || !body.data) throw new Error(`GraphQL ${res.statusCode}: ${JSON.stringify(body.errors ?? body)}`);
  return body.data;
}

/** A user, one project and an API key for it: what every phase schedules with. */
export async function createAccount(baseUrl: string): Promise<BenchAccount> {
  const email = `bench-${randomBytes(4).toString('hex')}@example.com`;
  const { register } = await graphql(baseUrl, 'mutation($e: String!, $p: String!) { register(email: $e, password: $p) { token user { id } } }', { e: email, p: 'benchmark password' });
  const auth = { authorization: `Bearer ${register.token}` };
  const { createProject } = await graphql(baseUrl, 'mutation { createProject(name: "bench") { id } }', {}, auth);
  const { createApiKey } = await graphql(baseUrl, 'mutation($p: ID!) { createApiKey(projectId: $p, label: "bench") { key } }', { p: createProject.id }, auth);
  return { token: register.token, userId: register.user.id, projectId: createProject.id, apiKey: createApiKey.key };
}
