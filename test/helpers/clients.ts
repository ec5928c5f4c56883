import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { request } from 'undici';
import { checkAgainstOpenApi } from './openapi-validator.js';

export interface Credentials {
  apiKey?: string;
  token?: string;
}

const authHeaders = (credentials: Credentials = {}): Record<string, string> => ({
  ...(credentials.apiKey ? { 'x-api-key': credentials.apiKey } : {}),
  ...(credentials.token ? { authorization: `Bearer ${credentials.token}` } : {}),
});

export interface GraphQLResult<T> {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: { code?: string; field?: string } }>;
}

/** POSTs a typed operation to /graphql. */
export async function gql<T, V>(
  baseUrl: string,
  document: TypedDocumentNode<T, V>,
  variables: V,
  credentials?: Credentials,
): Promise<GraphQLResult<T>> {
  const res = await request(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authHeaders(credentials) },
    body: JSON.stringify({ query: print(document), variables }),
  });
  return (await res.body.json()) as GraphQLResult<T>;
}

/** POSTs a GraphQL query given as text (for operations the typed documents do not cover). */
export async function gqlText<T = any>(baseUrl: string, query: string, variables: object = {}, credentials?: Credentials): Promise<GraphQLResult<T>> {
  const res = await request(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authHeaders(credentials) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.body.json()) as GraphQLResult<T>;
}

/** gql that fails the test on any error and returns data. */
export async function gqlOk<T, V>(baseUrl: string, document: TypedDocumentNode<T, V>, variables: V, credentials?: Credentials): Promise<T> {
  const result = await gql(baseUrl, document, variables, credentials);
  if (result.errors?.length || !result.data) throw new Error(`GraphQL error: ${JSON.stringify(result.errors)}`);
  return result.data;
}

export interface RestResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: { status: boolean; message: string; data: any };
  raw: string;
}

/** A REST call, its answer checked against openapi.json; `body` is sent verbatim when it is a string (for malformed JSON tests). */
export async function rest(
  baseUrl: string,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  options: { body?: unknown; credentials?: Credentials; headers?: Record<string, string> } = {},
): Promise<RestResponse> {
  const hasBody = options.body !== undefined;
  const res = await request(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(hasBody ? { 'content-type': 'application/json' } : {}),
      ...authHeaders(options.credentials),
      ...options.headers,
    },
    body: hasBody ? (typeof options.body === 'string' ? options.body : JSON.stringify(options.body)) : undefined,
  });
  const raw = await res.body.text();
  let body: RestResponse['body'];
  try {
    body = JSON.parse(raw);
  } catch {
    body = undefined as never;
  }
  const answer = { status: res.statusCode, headers: res.headers, body, raw };
  // Every REST answer a test receives must be what openapi.json says it is.
  checkAgainstOpenApi(method, path, answer, { body: hasBody ? options.body : undefined });
  return answer;
}
