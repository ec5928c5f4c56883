import { GraphQLObjectType, GraphQLSchema, GraphQLString, type ExecutionResult } from 'graphql';
import { describe, expect, it } from 'vitest';
import { sharedSubscriptionExecution } from '../../src/transports/ws/shared-execution.js';

/** A tiny schema whose one subscription yields the very objects pushed to every listener. */
function fixture() {
  const listeners = new Set<(event: object) => void>();
  let resolved = 0;
  let open = 0;
  const ticks = new GraphQLObjectType({
    name: 'Tick',
    fields: {
      n: { type: GraphQLString, resolve: (event: { n: number }) => String(event.n) },
      who: { type: GraphQLString, resolve: (_event, _args, context: { credential: string }) => context.credential },
    },
  });
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLString } } }),
    subscription: new GraphQLObjectType({
      name: 'Subscription',
      fields: {
        tick: {
          type: ticks,
          resolve: (event) => {
            resolved += 1;
            return event;
          },
          subscribe: () => {
            const queue: object[] = [];
            let wake: (() => void) | undefined;
            const listener = (event: object) => {
              queue.push(event);
              wake?.();
            };
            listeners.add(listener);
            open += 1;
            return {
              [Symbol.asyncIterator]() {
                return this;
              },
              async next() {
                while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
                return { done: false, value: queue.shift()! };
              },
              async return() {
                listeners.delete(listener);
                open -= 1;
                return { done: true, value: undefined };
              },
            };
          },
        },
      },
    }),
  });
  return {
    schema,
    push: (event: object) => listeners.forEach((listener) => listener(event)),
    counts: () => ({ resolved, open }),
  };
}

describe('sharedSubscriptionExecution', () => {
  const query = 'subscription { tick { n who } }';

  it('executes an event once for every subscriber asking the same thing on the same credential', async () => {
    const { schema, push, counts } = fixture();
    const shared = sharedSubscriptionExecution((context) => (context as { credential: string }).credential);
    const subscribe = (credential: string) => shared.subscribe({ schema, document: shared.parse(query), contextValue: { credential } }) as Promise<AsyncIterableIterator<ExecutionResult>>;
    const same = await Promise.all(Array.from({ length: 10 }, () => subscribe('key-a')));
    const other = await subscribe('key-b');
    push({ n: 1 });
    const results = await Promise.all([...same, other].map((stream) => stream.next()));
    expect(results.slice(0, 10).every((r) => JSON.stringify(r.value) === '{"data":{"tick":{"n":"1","who":"key-a"}}}')).toBe(true);
    expect(results[10].value).toEqual({ data: { tick: { n: '1', who: 'key-b' } } });
    // One execution for the ten on key-a, one for key-b.
    expect(counts().resolved).toBe(2);
  });

  it('ending a subscription ends its source (the listener goes)', async () => {
    const { schema, counts } = fixture();
    const shared = sharedSubscriptionExecution(() => 'k');
    const stream = (await shared.subscribe({ schema, document: shared.parse(query), contextValue: {} })) as AsyncIterableIterator<ExecutionResult>;
    expect(counts().open).toBe(1);
    await stream.return!();
    expect(counts().open).toBe(0);
  });

  it('parses each distinct text once, and passes errors of the source through', async () => {
    const { schema } = fixture();
    const shared = sharedSubscriptionExecution(() => 'k');
    expect(shared.parse(query)).toBe(shared.parse(query));
    expect(shared.parse(query)).not.toBe(shared.parse('subscription { tick { n } }'));
    const result = await shared.subscribe({ schema, document: shared.parse('subscription { nope { n } }'), contextValue: {} });
    expect((result as ExecutionResult).errors?.[0].message).toMatch(/nope/);
  });
});
