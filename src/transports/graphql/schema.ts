import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { AuthResolver } from './resolvers/auth.resolver.js';
import { EndpointChangeResolver, EndpointResolver } from './resolvers/endpoint.resolver.js';
import { JobStatusResolver } from './resolvers/job-status.resolver.js';
import { JobResolver } from './resolvers/job.resolver.js';
import { ProjectResolver } from './resolvers/project.resolver.js';
import { ScheduleResolver } from './resolvers/schedule.resolver.js';

/** The schema, built from the resolvers; `schema.graphql` at the root is its printed form. */
export function buildDispatchSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [AuthResolver, ProjectResolver, JobResolver, JobStatusResolver, ScheduleResolver, EndpointResolver, EndpointChangeResolver],
    validate: false,
    // Subscriptions bring their own `subscribe` (JobEventStreams); type-graphql still asks
    // for a PubSub, which must never be reached.
    pubSub: {
      publish: () => undefined,
      subscribe: () => {
        throw new Error('topic-based subscriptions are not used');
      },
    },
    emitSchemaFile: false,
  });
}
