import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { JobStatus } from '../../../domain/jobs/job-status.js';
import { limitSubject } from '../../../domain/rate-limiter.js';
import { rateLimit, requirePrincipal, type GraphQLContext } from '../context.js';
import { DeliveryLogType, JobPageType, JobStatusEnum, JobType, ProjectType, ScheduleJobInput } from '../types.js';

@Resolver(() => JobType)
export class JobResolver {
  @Mutation(() => JobType)
  async scheduleJob(@Arg('input', () => ScheduleJobInput) input: ScheduleJobInput, @Ctx() ctx: GraphQLContext) {
    const principal = requirePrincipal(ctx);
    await rateLimit(ctx, 'schedule', limitSubject('schedule', principal));
    return ctx.services.jobs.schedule(principal, input, input.idempotencyKey);
  }

  @Mutation(() => JobType)
  async cancelJob(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    const principal = requirePrincipal(ctx);
    await rateLimit(ctx, 'schedule', limitSubject('schedule', principal));
    return ctx.services.jobs.cancel(principal, id);
  }

  @Query(() => JobPageType)
  async jobs(
    @Ctx() ctx: GraphQLContext,
    @Arg('status', () => JobStatusEnum, { nullable: true }) status?: JobStatus,
    @Arg('projectId', () => ID, { nullable: true }) projectId?: string,
    @Arg('page', () => Int, { defaultValue: 1 }) page?: number,
    @Arg('limit', () => Int, { defaultValue: 20 }) limit?: number,
    @Arg('scheduleId', () => ID, { nullable: true, description: "Only this schedule's runs." }) scheduleId?: string,
  ) {
    const principal = requirePrincipal(ctx);
    await rateLimit(ctx, 'read', limitSubject('read', principal));
    return ctx.services.jobs.list(principal, { status, projectId, page, limit, scheduleId });
  }

  @Query(() => JobType, { nullable: true })
  async job(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    const principal = requirePrincipal(ctx);
    await rateLimit(ctx, 'read', limitSubject('read', principal));
    return ctx.services.jobs.find(principal, id);
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
