import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { EndpointChange } from '../../../domain/endpoints/endpoint.service.js';
import { authorized, caller, type GraphQLContext } from '../context.js';
import { EndpointChangeType, EndpointType, UpdateEndpointInput } from '../endpoint-types.js';

@ArgsType()
class EndpointChangedArgs {
  @Field(() => ID) projectId!: string;
}

@Resolver(() => EndpointType)
export class EndpointResolver {
  @Query(() => [EndpointType], { description: 'A project’s receiver endpoints with their settings, state and health, by origin.' })
  async endpoints(@Arg('projectId', () => ID) projectId: string, @Ctx() ctx: GraphQLContext) {
    return ctx.services.endpoints.list(await caller(ctx, 'endpoints'), projectId);
  }

  @Mutation(() => EndpointType, { description: 'Sets an endpoint’s rate limit, parallelism or pause; enforced across every worker.' })
  async updateEndpoint(@Arg('id', () => ID) id: string, @Arg('input', () => UpdateEndpointInput) input: UpdateEndpointInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.endpoints.update(await caller(ctx, 'updateEndpoint', { resource: 'endpoints', id }), id, input);
  }
}

@Resolver(() => EndpointChangeType)
export class EndpointChangeResolver {
  /** Every change of one project's endpoints: settings, and breakers opening and closing. */
  @Subscription(() => EndpointChangeType, {
    subscribe: async ({ args, context }) => (context as GraphQLContext).services.endpoints.stream(() => authorized(context as GraphQLContext, 'endpointChanged'), args.projectId),
  })
  endpointChanged(@Root() change: EndpointChange, @Args(() => EndpointChangedArgs) _args: EndpointChangedArgs): EndpointChange {
    return change;
  }

  /** The endpoint as it is now (loaded when asked for). */
  @FieldResolver(() => EndpointType)
  async endpoint(@Root() change: EndpointChange, @Ctx() ctx: GraphQLContext) {
    return ctx.services.endpoints.get(await authorized(ctx, 'endpoints'), change.endpointId);
  }
}
