import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/**
 * Holds REST answers to openapi.json: the status must be one the operation documents, the
 * body must match that response's schema, and the headers every answer promises must be
 * there. The REST helper calls it on every answer, so an answer that drifts from the
 * document fails the test that received it.
 */
interface Operation {
  parameters?: Array<{ in: string; name: string; schema: Record<string, unknown> }>;
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { content?: Record<string, unknown> }>;
}
type Document = { paths: Record<string, Record<string, Operation>> };

const DOCUMENT = JSON.parse(readFileSync(new URL('../../openapi.json', import.meta.url), 'utf8')) as Document;
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema({ ...DOCUMENT, $id: 'openapi.json' });

const TEMPLATES = Object.keys(DOCUMENT.paths).map((template) => ({
  template,
  pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
}));
const compiled = new Map<string, ValidateFunction>();
// Query values arrive as text: checked as a server reading them would coerce them.
const queryAjv = new Ajv2020({ strict: false, allErrors: true, coerceTypes: 'array' });
addFormats.default(queryAjv);
queryAjv.addSchema({ ...DOCUMENT, $id: 'openapi.json' });

/** A validator of the schema at `ref`; for query values, of `{ value }` so that coercion can rewrite the value. */
const validatorFor = (engine: Ajv2020, ref: string): ValidateFunction => {
  const query = engine === queryAjv;
  const key = `${query ? 'q' : 'a'}${ref}`;
  let validate = compiled.get(key);
  if (!validate) {
    validate = engine.compile(query ? { type: 'object', properties: { value: { $ref: ref } } } : { $ref: ref });
    compiled.set(key, validate);
  }
  return validate;
};

const pointer = (...parts: string[]) => parts.map((part) => part.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

/** The documented path template a request path falls under, if any. */
export function documentedPath(path: string): string | undefined {
  const bare = path.split('?')[0];
  return TEMPLATES.find(({ pattern }) => pattern.test(bare))?.template;
}

/**
 * Throws, saying how, when an answer is not what openapi.json documents for its operation,
 * or when the service accepted (2xx) a request the document says it would refuse: the
 * request body and query must then match the operation's schemas.
 */
export function checkAgainstOpenApi(
  method: string,
  path: string,
  answer: { status: number; headers: Record<string, string | string[] | undefined>; body: unknown },
  sent?: { body: unknown },
): void {
  const template = documentedPath(path);
  const operation = template ? DOCUMENT.paths[template][method.toLowerCase()] : undefined;
  // Not an operation of the API (an unknown route answers the plain 404 envelope).
  if (!template || !operation) return;
  const where = `${method} ${path} → ${answer.status}`;
  const response = operation.responses[String(answer.status)];
  if (!response) throw new Error(`${where}: openapi.json documents no ${answer.status} answer for ${method} ${template}`);
  if (answer.headers['x-request-id'] === undefined) throw new Error(`${where}: no X-Request-ID header`);
  if (answer.status === 429) {
    // A refusal for too many requests in progress at once (HTTP_MAX_CONCURRENT_PER_IP) has no rate-limit window to describe.
    const concurrency = String((answer.body as { message?: unknown } | undefined)?.message ?? '').startsWith('Too many concurrent requests');
    for (const name of concurrency ? ['retry-after'] : ['retry-after', 'ratelimit-policy', 'ratelimit']) if (answer.headers[name] === undefined) throw new Error(`${where}: no ${name} header`);
  }
  if (sent && answer.status >= 200 && answer.status < 300) checkAcceptedRequest(where, template, method.toLowerCase(), operation, path, sent.body);
  if (!response.content) return;
  const validate = validatorFor(ajv, `openapi.json#/${pointer('paths', template, method.toLowerCase(), 'responses', String(answer.status), 'content', 'application/json', 'schema')}`);
  if (!validate(answer.body)) {
    throw new Error(`${where}: the answer does not match openapi.json: ${ajv.errorsText(validate.errors, { dataVar: 'body' })}\n${JSON.stringify(answer.body)?.slice(0, 2000)}`);
  }
}

/** A request the service accepted must be one the document allows: its JSON body and its query parameters. */
function checkAcceptedRequest(where: string, template: string, method: string, operation: Operation, path: string, body: unknown): void {
  if (operation.requestBody && body !== undefined) {
    const parsed = typeof body === 'string' ? JSON.parse(body) : body;
    const validate = validatorFor(ajv, `openapi.json#/${pointer('paths', template, method, 'requestBody', 'content', 'application/json', 'schema')}`);
    if (!validate(parsed)) throw new Error(`${where}: accepted a body openapi.json refuses: ${ajv.errorsText(validate.errors, { dataVar: 'body' })}`);
  }
  const search = new URLSearchParams(path.split('?')[1] ?? '');
  (operation.parameters ?? []).forEach((parameter, index) => {
    if (parameter.in !== 'query') return;
    const values = search.getAll(parameter.name);
    if (values.length === 0) return;
    const value = { value: values.length === 1 ? values[0] : values };
    const validate = validatorFor(queryAjv, `openapi.json#/${pointer('paths', template, method, 'parameters', String(index), 'schema')}`);
    if (!validate(value)) throw new Error(`${where}: accepted a query parameter openapi.json refuses: ${parameter.name}=${values.join(',')}: ${queryAjv.errorsText(validate.errors)}`);
  });
}
