import type { FastifySchema } from 'fastify';
import type { RestAuth } from './rest-auth.js';

type Schema = Record<string, unknown>;

/** Security requirements by how a route authenticates (the schemes are declared in openapi.ts). */
const SECURITY: Record<RestAuth, Array<Record<string, string[]>>> = {
  apiKey: [{ apiKey: [] }],
  bearer: [{ bearerAuth: [] }],
  either: [{ apiKey: [] }, { bearerAuth: [] }],
};

const REQUEST_ID_HEADER = { type: 'string', description: "The request's id: the client's X-Request-ID when usable, a new UUID otherwise" };
const RATE_LIMIT_HEADERS = {
  'RateLimit-Policy': { type: 'string', description: 'The limit this request counts against, e.g. "schedule";q=60000;w=60 (sent while rate limiting is on)', examples: ['"schedule";q=60000;w=60'] },
  RateLimit: { type: 'string', description: 'What is left of it and when the window resets, e.g. "schedule";r=59999;t=42', examples: ['"schedule";r=59999;t=42'] },
};

const error = (description: string, headers: Schema = {}): Schema => ({ description, headers: { 'X-Request-ID': REQUEST_ID_HEADER, ...headers }, $ref: 'Error#' });

/** The success envelope: status true, this exact message, and `data`. */
export function envelopeSchema(message: string, data: Schema): Schema {
  return {
    type: 'object',
    properties: { status: { const: true }, message: { const: message }, data },
    required: ['status', 'message', 'data'],
    additionalProperties: false,
  };
}

export interface RestRouteDoc {
  summary: string;
  description?: string;
  tag: 'Jobs' | 'Logs' | 'Schedules' | 'Endpoints';
  auth: RestAuth;
  success: { status: 200 | 201; message: string; data: Schema; description: string };
  body?: Schema;
  querystring?: Schema;
  params?: Schema;
  /** Takes an `Idempotency-Key` (or `X-Idempotency-Key`) header. */
  idempotent?: boolean;
  /** Its items carry idempotency keys (`idempotencyKey`): a key reused with another item is a 422. */
  keyedItems?: boolean;
}

/**
 * A REST route's Fastify schema: its inputs, its success envelope, and every error answer
 * it can give (all in the error envelope), with the headers that come with them.
 */
export function restRouteSchema(doc: RestRouteDoc): FastifySchema {
  const headers: Record<string, Schema> = { 'x-request-id': { type: 'string', maxLength: 128, description: 'Echoed back (word characters, . : -); a new id otherwise' } };
  if (doc.idempotent) {
    const key = { type: 'string', description: 'Same key and same body within IDEMPOTENCY_TTL: the first answer again, nothing new is created; same key, other body: 422' };
    headers['idempotency-key'] = key;
    headers['x-idempotency-key'] = { ...key, description: 'The same as Idempotency-Key' };
  }
  return {
    summary: doc.summary,
    ...(doc.description ? { description: doc.description } : {}),
    tags: [doc.tag],
    security: SECURITY[doc.auth],
    ...(doc.body ? { body: doc.body } : {}),
    ...(doc.querystring ? { querystring: doc.querystring } : {}),
    ...(doc.params ? { params: doc.params } : {}),
    headers: { type: 'object', properties: headers },
    response: {
      [doc.success.status]: {
        description: doc.success.description,
        headers: { 'X-Request-ID': REQUEST_ID_HEADER, ...RATE_LIMIT_HEADERS },
        ...envelopeSchema(doc.success.message, doc.success.data),
      },
      400: error('Bad input: the message names the field (also malformed JSON, or a Content-Type other than application/json)'),
      401: error('Missing, unknown, revoked or expired credentials'),
      403: error('Outside the caller\'s role in the project, or the API key\'s scopes: the message names the role or scope missing'),
      404: error('Not found, or not yours (another project\'s resource answers exactly like a missing one)'),
      ...(doc.body ? { 413: error('The request body is larger than 1 MiB') } : {}),
      ...(doc.idempotent || doc.keyedItems ? { 422: error('The idempotency key was used with a different request') } : {}),
      429: error('Rate limited, or too many requests in progress from this address (HTTP_MAX_CONCURRENT_PER_IP; that answer has no RateLimit headers): try again after Retry-After seconds', {
        'Retry-After': { type: 'string', description: 'Seconds until the window resets' },
        ...RATE_LIMIT_HEADERS,
      }),
      500: error('An unexpected fault (never bad input)'),
      503: error('The database cannot be reached, or the service is shutting down', { 'Retry-After': { type: 'string', description: 'Seconds to wait' } }),
    },
  } as FastifySchema;
}
