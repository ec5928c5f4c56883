import { createSourceEventStream, execute, parse, type DocumentNode, type ExecutionArgs, type ExecutionResult, type Source } from 'graphql';

/** Distinct subscription documents kept parsed; past this the cache starts over. */
const MAX_DOCUMENTS = 1_000;

/**
 * Executes each subscription event once for all the subscribers that asked for the same
 * thing: the same document (by its text), operation and variables, on the same credential.
 * A thousand clients watching one project then cost one execution and a thousand sends per
 * event, not a thousand executions. Results are never shared across credentials, since
 * fields such as `job` are resolved with the subscriber's own rights.
 *
 * Sharing rests on two identities: the documents come from `parse` below (one object per
 * query text), and every subscriber's stream yields the very object the event bus carried.
 */
export function sharedSubscriptionExecution(credentialKey: (contextValue: unknown) => string) {
  const documents = new Map<string, DocumentNode>();
  const documentIds = new WeakMap<DocumentNode, number>();
  let nextDocumentId = 0;
  const results = new WeakMap<object, Map<string, ExecutionResult | Promise<ExecutionResult>>>();

  return {
    parse(source: string | Source): DocumentNode {
      if (typeof source !== 'string') return parse(source);
      let document = documents.get(source);
      if (!document) {
        document = parse(source);
        if (documents.size >= MAX_DOCUMENTS) documents.clear();
        documents.set(source, document);
        documentIds.set(document, nextDocumentId++);
      }
      return document;
    },

    async subscribe(args: ExecutionArgs): Promise<AsyncIterable<ExecutionResult> | ExecutionResult> {
      const stream = await createSourceEventStream(args);
      if (!isAsyncIterable(stream)) return stream;
      const key = [documentIds.get(args.document) ?? 'unshared', args.operationName ?? '', JSON.stringify(args.variableValues ?? null), credentialKey(args.contextValue)].join('|');
      const run = (event: unknown) => execute({ ...args, rootValue: event });
      return mapStream(stream, (event) => {
        if (typeof event !== 'object' || event === null || !documentIds.has(args.document)) return run(event);
        let byKey = results.get(event);
        if (!byKey) results.set(event, (byKey = new Map()));
        let result = byKey.get(key);
        if (!result) byKey.set(key, (result = run(event)));
        return result;
      });
    },
  };
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof (value as { [Symbol.asyncIterator]?: unknown })?.[Symbol.asyncIterator] === 'function';
}

/** `source` with `map` applied to each value; ending it (return) ends the source too, so its listener goes. */
function mapStream<T, R>(source: AsyncIterable<T>, map: (value: T) => R | Promise<R>): AsyncIterableIterator<R> {
  const iterator = source[Symbol.asyncIterator]();
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      const step = await iterator.next();
      return step.done ? { done: true, value: undefined } : { done: false, value: await map(step.value) };
    },
    async return() {
      await iterator.return?.();
      return { done: true, value: undefined };
    },
    async throw(error?: unknown) {
      await iterator.return?.();
      throw error;
    },
  };
}
