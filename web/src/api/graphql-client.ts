import type { TypedDocumentString } from '../generated/graphql';

/** One entry of a GraphQL `errors` array, as Dispatch formats it. */
export interface GraphQLErrorEntry {
  message: string;
  extensions?: { code?: string; field?: string };
}

/** Why a request failed: the API said no (`graphql`), or it could not be asked (`network`). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly kind: 'graphql' | 'network',
    readonly entries: GraphQLErrorEntry[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** `extensions.code` of the first error, e.g. BAD_USER_INPUT or UNAUTHENTICATED. */
  get code(): string | undefined {
    return this.entries[0]?.extensions?.code;
  }

  /** Messages of errors about an input field, by field name (`fireAt`, `payload`, …). */
  get fieldErrors(): Record<string, string> {
    const fields: Record<string, string> = {};
    for (const entry of this.entries) {
      const field = fieldOf(entry);
      if (field && !fields[field]) fields[field] = readableMessage(entry.message);
    }
    return fields;
  }

  /** Errors that name no field, joined for a form-level message. */
  get generalMessage(): string | undefined {
    const general = this.entries.filter((entry) => !fieldOf(entry)).map((entry) => readableMessage(entry.message));
    if (this.kind === 'network') return this.message;
    return general.length ? general.join(' ') : undefined;
  }
}

// A variable the schema rejects (a DateTime without Z, a payload that is an array) names its
// field only inside the message: `Variable "$input" got invalid value … at "input.fireAt"; …`
// for a field of an input object (`input.retry.maxAttempts` names `retry.maxAttempts`),
// `Variable "$startAt" got invalid value …; Expected type …` for an argument whose value its
// type refused (not for an input object missing a field: that one names the variable,
// `$input`, which is no field of a form).
const VARIABLE_PATH = /^Variable "\$\w+" got invalid value [\s\S]* at "\w+\.([\w.[\]]+)"; ([\s\S]*)$/;
const VARIABLE = /^Variable "\$(\w+)" got invalid value (?:(?! at ")[\s\S])*?; (Expected type [\s\S]*)$/;

function rejectedVariable(message: string): { field: string; reason: string } | undefined {
  const match = VARIABLE_PATH.exec(message) ?? VARIABLE.exec(message);
  return match ? { field: match[1], reason: match[2] } : undefined;
}

function fieldOf(entry: GraphQLErrorEntry): string | undefined {
  return entry.extensions?.field ?? rejectedVariable(entry.message)?.field;
}

function readableMessage(message: string): string {
  const rejected = rejectedVariable(message);
  if (!rejected) return message;
  // graphql-js prefixes the scalar's own explanation (which names the field) with the type it expected.
  return rejected.reason.replace(/^Expected type "\w+"\. /, '');
}

/**
 * POSTs one typed operation to /graphql. JSON content type is required anyway: Apollo's
 * CSRF prevention refuses "simple" requests that a foreign page could send.
 */
export async function requestGraphQL<Result, Variables>(
  document: TypedDocumentString<Result, Variables>,
  variables: Variables,
  token: string | null,
  signal?: AbortSignal,
): Promise<Result> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query: document.toString(), variables }),
      credentials: 'omit',
      signal,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError('Cannot reach Dispatch. Check that the server is running, then try again.', 'network');
  }
  let body: { data?: Result | null; errors?: GraphQLErrorEntry[] };
  try {
    body = await response.json();
  } catch {
    throw new ApiError(`Dispatch answered ${response.status} without a GraphQL result. Try again.`, 'network');
  }
  if (body.errors?.length) throw new ApiError(readableMessage(body.errors[0].message), 'graphql', body.errors);
  if (!body.data) throw new ApiError(`Dispatch answered ${response.status} without data.`, 'network');
  return body.data;
}
