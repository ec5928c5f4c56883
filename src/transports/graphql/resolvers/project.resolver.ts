import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Project } from '../../../db/entities/index.js';
import type { MemberRecord } from '../../../domain/members/member.store.js';
import type { Role } from '../../../domain/members/roles.js';
import { SCOPES } from '../../../domain/members/scopes.js';
import { authorized, requirePrincipal, type GraphQLContext } from '../context.js';
import { formatDuration } from '../../../duration.js';
import { AuditEntryConnectionType, MemberType, RoleEnum } from '../member-types.js';
import { DateTimeScalar } from '../scalars.js';
import { ApiKeyType, CreatedApiKeyType, ProjectType, UpdateProjectInput } from '../types.js';

const asMember = (member: MemberRecord): MemberType => ({ user: { id: member.userId, email: member.email }, role: member.role, createdAt: member.createdAt });

@Resolver(() => ProjectType)
export class ProjectResolver {
  @Mutation(() => ProjectType, { description: 'A new project, with the caller as its OWNER.' })
  createProject(@Arg('name', () => String) name: string, @Ctx() ctx: GraphQLContext) {
    return ctx.services.projects.create(requirePrincipal(ctx), name);
  }

  @Query(() => [ProjectType], { description: 'The projects the caller is a member of (an API key: its own).' })
  async projects(@Ctx() ctx: GraphQLContext) {
    return ctx.services.projects.list(await authorized(ctx, 'projects'));
  }

  @Query(() => ProjectType, { nullable: true })
  async project(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return ctx.services.projects.find(await authorized(ctx, 'project'), id);
  }

  @Mutation(() => ProjectType, { description: 'Renames the project, sets its retention or alert webhook (ADMIN or OWNER).' })
  async updateProject(@Arg('id', () => ID) id: string, @Arg('input', () => UpdateProjectInput) input: UpdateProjectInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.projects.update(await authorized(ctx, 'updateProject', { projectId: id }), id, input);
  }

  /** The retention that applies: the project's own, else the server's; "0" keeps for ever. */
  @FieldResolver(() => String, { description: 'How long finished jobs and their logs are kept ("0": for ever).' })
  retention(@Root() project: Project, @Ctx() ctx: GraphQLContext) {
    const ms = project.retentionMs ?? ctx.services.projects.defaultRetentionMs;
    return ms === 0 ? '0' : formatDuration(ms);
  }

  @Mutation(() => CreatedApiKeyType, { description: 'A new API key (ADMIN or OWNER); the key itself is in this answer only.' })
  async createApiKey(
    @Arg('projectId', () => ID) projectId: string,
    @Arg('label', () => String) label: string,
    @Ctx() ctx: GraphQLContext,
    @Arg('scopes', () => [String], { nullable: true, description: `What the key may do, of ${SCOPES.join(', ')}; default: all of them.` }) scopes?: string[] | null,
    @Arg('expiresAt', () => DateTimeScalar, { nullable: true, description: 'After this the key is refused like an unknown one; default: never.' }) expiresAt?: Date | null,
  ) {
    return ctx.services.projects.createApiKey(await authorized(ctx, 'createApiKey', { projectId }), projectId, label, { scopes, expiresAt });
  }

  @Mutation(() => ApiKeyType, { description: 'Revokes a key at once (ADMIN or OWNER).' })
  async revokeApiKey(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return ctx.services.projects.revokeApiKey(await authorized(ctx, 'revokeApiKey', { resource: 'api_keys', id }), id);
  }

  @Mutation(() => ProjectType, { description: 'New signing secret (ADMIN or OWNER); the previous one keeps signing for 24 hours.' })
  async rotateSigningSecret(@Arg('projectId', () => ID) projectId: string, @Ctx() ctx: GraphQLContext) {
    return ctx.services.projects.rotateSigningSecret(await authorized(ctx, 'rotateSigningSecret', { projectId }), projectId);
  }

  /** Owners and admins only: an API key cannot read the secret that signs its deliveries. */
  @FieldResolver(() => String, { nullable: true, description: 'whsec_… secret that signs deliveries (OWNER or ADMIN session only).' })
  async signingSecret(@Root() project: ProjectType, @Ctx() ctx: GraphQLContext) {
    return ctx.services.projects.signingSecret(await authorized(ctx, 'signingSecret', { projectId: project.id }), project as unknown as Project);
  }

  /** Keys are managed by owners' and admins' sessions; an API key cannot list its siblings. */
  @FieldResolver(() => [ApiKeyType])
  async apiKeys(@Root() project: ProjectType, @Ctx() ctx: GraphQLContext) {
    await authorized(ctx, 'apiKeys', { projectId: project.id });
    return ctx.services.projects.apiKeys(project.id);
  }

  @FieldResolver(() => [MemberType], { description: 'Who has access to the project, and with which role (sessions only).' })
  async members(@Root() project: ProjectType, @Ctx() ctx: GraphQLContext) {
    await authorized(ctx, 'members', { projectId: project.id });
    return (await ctx.services.members.list(project.id)).map(asMember);
  }

  @Query(() => AuditEntryConnectionType, { description: 'The project’s audit log, newest first (OWNER or ADMIN), with its members’ logins.' })
  async auditLog(
    @Arg('projectId', () => ID) projectId: string,
    @Ctx() ctx: GraphQLContext,
    @Arg('first', () => Int, { nullable: true, description: '1 to 100; default 20.' }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ) {
    // Only a project the caller administers has a log to read: any other answers as missing.
    await ctx.services.projects.get(await authorized(ctx, 'auditLog', { projectId }), projectId);
    const page = await ctx.services.audit.page(projectId, first, after);
    const edges = page.entries.map((entry) => ({
      cursor: page.cursorOf(entry),
      node: { ...entry, actor: { kind: entry.actorKind, id: entry.actorId, label: entry.actorLabel } },
    }));
    return { edges, pageInfo: { hasNextPage: page.nextCursor !== null, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  @Mutation(() => MemberType, { description: 'Adds a registered user by email (ADMIN or OWNER; only an OWNER adds an OWNER).' })
  async addMember(
    @Arg('projectId', () => ID) projectId: string,
    @Arg('email', () => String) email: string,
    @Arg('role', () => RoleEnum) role: Role,
    @Ctx() ctx: GraphQLContext,
  ) {
    return asMember(await ctx.services.members.add(await authorized(ctx, 'addMember', { projectId }), projectId, email, role));
  }

  @Mutation(() => MemberType, { description: 'Changes a member’s role (ADMIN or OWNER; only an OWNER makes or changes an OWNER; the last OWNER stays).' })
  async updateMember(
    @Arg('projectId', () => ID) projectId: string,
    @Arg('userId', () => ID) userId: string,
    @Arg('role', () => RoleEnum) role: Role,
    @Ctx() ctx: GraphQLContext,
  ) {
    return asMember(await ctx.services.members.update(await authorized(ctx, 'updateMember', { projectId }), projectId, userId, role));
  }

  @Mutation(() => MemberType, { description: 'Removes a member (ADMIN or OWNER), or the caller leaves (any role); the last OWNER cannot leave. Answers the member as they were.' })
  async removeMember(@Arg('projectId', () => ID) projectId: string, @Arg('userId', () => ID) userId: string, @Ctx() ctx: GraphQLContext) {
    const leaving = ctx.principal?.kind === 'user' && ctx.principal.userId === userId;
    return asMember(await ctx.services.members.remove(await authorized(ctx, leaving ? 'leaveProject' : 'removeMember', { projectId }), projectId, userId));
  }
}
