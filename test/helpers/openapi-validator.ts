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

const pointer = (...parts: string[]) => parts.map((part) => part.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

/** The documented path template a request path falls under, if any. */
export function documentedPath(path: string): string | undefined {
  const bare = path.split('?')[0];
  return TEMPLATES.find(({ pattern }) => pattern.test(bare))?.template;
}

/** Throws, saying how, when an answer is not what openapi.json documents for its operation. */
export function checkAgainstOpenApi(
  method: string,
  path: string,
  answer: { status: number; headers: Record<string, string | string[] | undefined>; body: unknown },
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
    for (const name of ['retry-after', 'ratelimit-policy', 'ratelimit']) if (answer.headers[name] === undefined) throw new Error(`${where}: no ${name} header`);
  }
  if (!response.content) return;
  const ref = `openapi.json#/${pointer('paths', template, method.toLowerCase(), 'responses', String(answer.status), 'content', 'application/json', 'schema')}`;
  let validate = compiled.get(ref);
  if (!validate) {
    validate = ajv.compile({ $ref: ref });
    compiled.set(ref, validate);
  }
  if (!validate(answer.body)) {
    throw new Error(`${where}: the answer does not match openapi.json: ${ajv.errorsText(validate.errors, { dataVar: 'body' })}\n${JSON.stringify(answer.body)?.slice(0, 2000)}`);
  }
}
