import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { JobStatus } from '../../../domain/jobs/job-status.js';
import { requirePrincipal, type GraphQLContext } from '../context.js';
import { DeliveryLogType, JobPageType, JobStatusEnum, JobType, ProjectType, ScheduleJobInput } from '../types.js';

@Resolver(() => JobType)
export class JobResolver {
  @Mutation(() => JobType)
  scheduleJob(@Arg('input', () => ScheduleJobInput) input: ScheduleJobInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.jobs.schedule(requirePrincipal(ctx), input);
  }

  @Mutation(() => JobType)
  cancelJob(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return ctx.services.jobs.cancel(requirePrincipal(ctx), id);
  }

  @Query(() => JobPageType)
  jobs(
    @Ctx() ctx: GraphQLContext,
    @Arg('status', () => JobStatusEnum, { nullable: true }) status?: JobStatus,
    @Arg('projectId', () => ID, { nullable: true }) projectId?: string,
    @Arg('page', () => Int, { defaultValue: 1 }) page?: number,
    @Arg('limit', () => Int, { defaultValue: 20 }) limit?: number,
  ) {
    return ctx.services.jobs.list(requirePrincipal(ctx), { status, projectId, page, limit });
  }

  @Query(() => JobType, { nullable: true })
  job(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return ctx.services.jobs.find(requirePrincipal(ctx), id);
  }

  @FieldResolver(() => ProjectType)
  async project(@Root() job: JobType, @Ctx() ctx: GraphQLContext) {
    return ctx.services.projects.get(requirePrincipal(ctx), job.projectId);
  }

  /** Newest first. */
  @FieldResolver(() => [DeliveryLogType])
  logs(@Root() job: JobType, @Ctx() ctx: GraphQLContext) {
    return ctx.services.jobs.logs(job.id);
  }
}
