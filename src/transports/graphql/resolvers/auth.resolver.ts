import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { rateLimit, requirePrincipal, type GraphQLContext } from '../context.js';
import { AuthPayloadType, SessionType, UserType } from '../types.js';

@Resolver()
export class AuthResolver {
  @Mutation(() => AuthPayloadType)
  async register(@Arg('email', () => String) email: string, @Arg('password', () => String) password: string, @Ctx() ctx: GraphQLContext) {
    await rateLimit(ctx, 'auth', ctx.clientIp);
    return ctx.services.auth.register(email, password, { ip: ctx.clientIp, userAgent: ctx.userAgent });
  }

  @Mutation(() => AuthPayloadType)
  async login(@Arg('email', () => String) email: string, @Arg('password', () => String) password: string, @Ctx() ctx: GraphQLContext) {
    await rateLimit(ctx, 'auth', ctx.clientIp);
    return ctx.services.auth.login(email, password, { ip: ctx.clientIp, userAgent: ctx.userAgent });
  }

  @Mutation(() => Boolean)
  logout(@Ctx() ctx: GraphQLContext) {
    return ctx.services.auth.logout(requirePrincipal(ctx));
  }

  @Query(() => [SessionType], { description: 'The caller’s sessions that have not expired, newest first.' })
  async sessions(@Ctx() ctx: GraphQLContext) {
    const principal = requirePrincipal(ctx);
    const current = principal.kind === 'user' ? principal.sessionId : null;
    return (await ctx.services.auth.sessions(principal)).map((session) => ({ ...session, current: session.id === current }));
  }

  @Mutation(() => Boolean, { description: 'Ends one of the caller’s sessions; its open WebSocket connections close.' })
  revokeSession(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return ctx.services.auth.revokeSession({ ...requirePrincipal(ctx), ip: ctx.clientIp }, id);
  }

  @Mutation(() => Boolean, { description: 'Ends every session of the caller, this one included.' })
  logoutEverywhere(@Ctx() ctx: GraphQLContext) {
    return ctx.services.auth.logoutEverywhere({ ...requirePrincipal(ctx), ip: ctx.clientIp });
  }

  @Mutation(() => Boolean, { description: 'Sets a new password, given the current one; every other session ends.' })
  async changePassword(@Arg('currentPassword', () => String) currentPassword: string, @Arg('newPassword', () => String) newPassword: string, @Ctx() ctx: GraphQLContext) {
    // A guessed current password is a login attempt: the same limit per address.
    await rateLimit(ctx, 'auth', ctx.clientIp);
    return ctx.services.auth.changePassword({ ...requirePrincipal(ctx), ip: ctx.clientIp }, currentPassword, newPassword);
  }

  @Query(() => UserType, { nullable: true })
  me(@Ctx() ctx: GraphQLContext) {
    return ctx.principal ? ctx.services.auth.me(ctx.principal) : null;
  }
}
