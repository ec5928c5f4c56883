import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Project } from '../../../db/entities/index.js';
import { requireUser } from '../../../domain/projects/project.service.js';
import { requirePrincipal, type GraphQLContext } from '../context.js';
import { formatDuration } from '../../../duration.js';
import { ApiKeyType, CreatedApiKeyType, ProjectType, UpdateProjectInput } from '../types.js';

@Resolver(() => ProjectType)
export class ProjectResolver {
  @Mutation(() => ProjectType)
  createProject(@Arg('name', () => String) name: string, @Ctx() ctx: GraphQLContext) {
    return ctx.services.projects.create(requirePrincipal(ctx), name);
  }

  @Query(() => [ProjectType])
  projects(@Ctx() ctx: GraphQLContext) {
    return ctx.services.projects.list(requirePrincipal(ctx));
  }

  @Query(() => ProjectType, { nullable: true })
  project(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return ctx.services.projects.find(requirePrincipal(ctx), id);
  }

  @Mutation(() => ProjectType, { description: 'Renames the project or sets its retention (owner only).' })
  updateProject(@Arg('id', () => ID) id: string, @Arg('input', () => UpdateProjectInput) input: UpdateProjectInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.projects.update(requirePrincipal(ctx), id, input);
  }

  /** The retention that applies: the project's own, else the server's; "0" keeps for ever. */
  @FieldResolver(() => String, { description: 'How long finished jobs and their logs are kept ("0": for ever).' })
  retention(@Root() project: Project, @Ctx() ctx: GraphQLContext) {
    const ms = project.retentionMs ?? ctx.services.projects.defaultRetentionMs;
    return ms === 0 ? '0' : formatDuration(ms);
  }

  @Mutation(() => CreatedApiKeyType)
  createApiKey(@Arg('projectId', () => ID) projectId: string, @Arg('label', () => String) label: string, @Ctx() ctx: GraphQLContext) {
    return ctx.services.projects.createApiKey(requirePrincipal(ctx), projectId, label);
  }

  @Mutation(() => ApiKeyType)
  revokeApiKey(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return ctx.services.projects.revokeApiKey(requirePrincipal(ctx), id);
  }

  @Mutation(() => ProjectType, { description: 'New signing secret; the previous one keeps signing for 24 hours.' })
  rotateSigningSecret(@Arg('projectId', () => ID) projectId: string, @Ctx() ctx: GraphQLContext) {
    return ctx.services.projects.rotateSigningSecret(requirePrincipal(ctx), projectId);
  }

  /** Owner only: an API key cannot read the secret that signs its deliveries. */
  @FieldResolver(() => String, { nullable: true, description: 'whsec_… secret that signs deliveries (owner session only).' })
  signingSecret(@Root() project: ProjectType, @Ctx() ctx: GraphQLContext) {
    return ctx.services.projects.signingSecret(requirePrincipal(ctx), project as unknown as Project);
  }

  /** Keys are managed by the owner's session; an API key cannot list its siblings. */
  @FieldResolver(() => [ApiKeyType])
  apiKeys(@Root() project: ProjectType, @Ctx() ctx: GraphQLContext) {
    requireUser(requirePrincipal(ctx));
    return ctx.services.projects.apiKeys(project.id);
  }
}

