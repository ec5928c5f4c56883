import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { rateLimit, requirePrincipal, type GraphQLContext } from '../context.js';
import { AuthPayloadType, UserType } from '../types.js';

@Resolver()
export class AuthResolver {
  @Mutation(() => AuthPayloadType)
  async register(@Arg('email', () => String) email: string, @Arg('password', () => String) password: string, @Ctx() ctx: GraphQLContext) {
    await rateLimit(ctx, 'auth', ctx.clientIp);
    return ctx.services.auth.register(email, password);
  }

  @Mutation(() => AuthPayloadType)
  async login(@Arg('email', () => String) email: string, @Arg('password', () => String) password: string, @Ctx() ctx: GraphQLContext) {
    await rateLimit(ctx, 'auth', ctx.clientIp);
    return ctx.services.auth.login(email, password);
  }

  @Mutation(() => Boolean)
  logout(@Ctx() ctx: GraphQLContext) {
    return ctx.services.auth.logout(requirePrincipal(ctx));
  }

  @Query(() => UserType, { nullable: true })
  me(@Ctx() ctx: GraphQLContext) {
    return ctx.principal ? ctx.services.auth.me(ctx.principal) : null;
  }
}
