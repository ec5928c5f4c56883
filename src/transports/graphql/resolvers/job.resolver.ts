import { describeHold } from '../../../domain/endpoints/flow-control.js';
import { JobHoldType } from '../endpoint-types.js';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { describeOptions } from '../../../domain/jobs/delivery-options.js';
import type { JobStatus } from '../../../domain/jobs/job-status.js';
import type { JobRecord } from '../../../domain/jobs/job.store.js';
import { authorized, caller, type GraphQLContext } from '../context.js';
import { DateTimeScalar, JSONObjectScalar } from '../scalars.js';
import {
  BulkResultType,
  DeliveryLogConnectionType,
  DeliveryLogType,
  JobConnectionType,
  JobFilterInput,
  JobPageType,
  JobStatusEnum,
  JobType,
  ProjectType,
  RetryType,
  ScheduleJobInput,
  UpdateJobInput,
} from '../types.js';

@Resolver(() => JobType)
export class JobResolver {
  @Mutation(() => JobType)
  async scheduleJob(@Arg('input', () => ScheduleJobInput) input: ScheduleJobInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.jobs.schedule(await caller(ctx, 'scheduleJob', { projectId: input.projectId }), input, input.idempotencyKey);
  }

  @Mutation(() => [JobType], { description: 'Up to 1,000 jobs in one transaction, validated as a whole (an error names inputs[i].field); answered in order.' })
  async scheduleJobs(@Arg('inputs', () => [ScheduleJobInput]) inputs: ScheduleJobInput[], @Ctx() ctx: GraphQLContext) {
    // With a session token the items name their project (one project per batch).
    return ctx.services.jobs.scheduleMany(await caller(ctx, 'scheduleJobs', { projectId: inputs[0]?.projectId }), inputs, inputs[0]?.projectId, 'inputs');
  }

  @Mutation(() => JobType)
  async cancelJob(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return ctx.services.jobs.cancel(await caller(ctx, 'cancelJob', { resource: 'jobs', id }), id);
  }

  @Mutation(() => JobType, { description: 'Changes a SCHEDULED job; one that is FIRING or later is refused.' })
  async updateJob(@Arg('id', () => ID) id: string, @Arg('input', () => UpdateJobInput) input: UpdateJobInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.jobControl.update(await caller(ctx, 'updateJob', { resource: 'jobs', id }), id, input);
  }

  @Mutation(() => JobType, { description: 'A SCHEDULED job (also one waiting between retries) fires at once.' })
  async runJobNow(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return ctx.services.jobControl.runNow(await caller(ctx, 'runJobNow', { resource: 'jobs', id }), id);
  }

  @Mutation(() => JobType, { description: 'A new job like a DEAD, SUCCESS or CANCELLED one (replayOf it), due now or at fireAt.' })
  async replayJob(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: GraphQLContext,
    @Arg('fireAt', () => DateTimeScalar, { nullable: true }) fireAt?: Date,
    @Arg('idempotencyKey', () => String, { nullable: true }) idempotencyKey?: string,
  ) {
    return ctx.services.jobControl.replay(await caller(ctx, 'replayJob', { resource: 'jobs', id }), id, fireAt, idempotencyKey);
  }

  @Mutation(() => BulkResultType, { description: 'Cancels every SCHEDULED job the filter matches.' })
  async cancelJobs(@Arg('filter', () => JobFilterInput) filter: JobFilterInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.jobControl.cancelMany(await caller(ctx, 'cancelJobs', { projectId: filter.projectId }), filter);
  }

  @Mutation(() => BulkResultType, { description: 'Replays every DEAD, SUCCESS or CANCELLED job the filter matches; ids are the new jobs.' })
  async replayJobs(@Arg('filter', () => JobFilterInput) filter: JobFilterInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.jobControl.replayMany(await caller(ctx, 'replayJobs', { projectId: filter.projectId }), filter);
  }

  @Query(() => JobPageType)
  async jobs(
    @Ctx() ctx: GraphQLContext,
    @Arg('status', () => JobStatusEnum, { nullable: true }) status?: JobStatus,
    @Arg('projectId', () => ID, { nullable: true }) projectId?: string,
    @Arg('page', () => Int, { defaultValue: 1 }) page?: number,
    @Arg('limit', () => Int, { defaultValue: 20 }) limit?: number,
    @Arg('scheduleId', () => ID, { nullable: true, description: "Only this schedule's runs." }) scheduleId?: string,
    @Arg('labels', () => JSONObjectScalar, { nullable: true, description: 'Only jobs with every one of these key: value labels.' }) labels?: Record<string, string>,
    @Arg('search', () => String, { nullable: true, description: 'Only jobs whose title contains this text, in any letter case.' }) search?: string,
  ) {
    return ctx.services.jobList.list(await caller(ctx, 'jobs'), { status, projectId, page, limit, scheduleId, labels, search });
  }

  @Query(() => JobConnectionType, { description: 'Jobs newest first, paged by cursor (stable while jobs are added).' })
  async jobsConnection(
    @Ctx() ctx: GraphQLContext,
    @Arg('filter', () => JobFilterInput, { nullable: true }) filter?: JobFilterInput,
    @Arg('first', () => Int, { defaultValue: 20, description: '1 to 100.' }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    const page = await ctx.services.jobList.list(await caller(ctx, 'jobsConnection'), { ...filter, limit: first }, after ?? '', { limit: 'first', cursor: 'after' });
    return connection(page.jobs, page.cursorOf, page.nextCursor, { totalCount: page.pagination.total, totalIsEstimate: page.pagination.totalIsEstimate });
  }

  @Query(() => DeliveryLogConnectionType, { description: 'Delivery attempts of the caller’s projects (or one job), newest first, paged by cursor.' })
  async deliveryLogs(
    @Ctx() ctx: GraphQLContext,
    @Arg('projectId', () => ID, { nullable: true }) projectId?: string,
    @Arg('jobId', () => ID, { nullable: true }) jobId?: string,
    @Arg('status', () => String, { nullable: true, description: 'SUCCESS or FAILED.' }) status?: string,
    @Arg('since', () => DateTimeScalar, { nullable: true, description: 'Sent at or after.' }) since?: Date,
    @Arg('until', () => DateTimeScalar, { nullable: true, description: 'Sent before.' }) until?: Date,
    @Arg('first', () => Int, { defaultValue: 20, description: '1 to 100.' }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    const principal = await caller(ctx, 'deliveryLogs');
    const page = jobId
      ? await ctx.services.logs.ofJob(principal, jobId, { limit: first, limitField: 'first', cursor: after, cursorField: 'after' })
      : await ctx.services.logs.list(principal, { projectId, status, since, until, limit: first }, after, 'after');
    return connection(page.logs, page.cursorOf, page.nextCursor, {});
  }

  @Query(() => JobType, { nullable: true })
  async job(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return ctx.services.jobs.find(await caller(ctx, 'job'), id);
  }

  /** The payload as JSON (it is stored as the client's text). */
  @FieldResolver(() => JSONObjectScalar)
  payload(@Root() job: JobRecord) {
    return JSON.parse(job.payload);
  }

  @FieldResolver(() => RetryType)
  retry(@Root() job: JobRecord, @Ctx() ctx: GraphQLContext) {
    return describeOptions(job, ctx.services.jobs.options.defaults).retry;
  }

  @FieldResolver(() => String, { description: 'The per-attempt timeout: the job’s own, the server’s DELIVERY_TIMEOUT otherwise.' })
  timeout(@Root() job: JobRecord, @Ctx() ctx: GraphQLContext) {
    return describeOptions(job, ctx.services.jobs.options.defaults).timeout;
  }

  @FieldResolver(() => JSONObjectScalar, { description: 'The extra request headers every attempt sends.' })
  headers(@Root() job: JobRecord) {
    return job.headers ?? {};
  }

  @FieldResolver(() => JobHoldType, { nullable: true, description: 'How its last attempt was held back by its endpoint (null: it was not).' })
  held(@Root() job: JobRecord) {
    return describeHold(job);
  }

  @FieldResolver(() => ProjectType)
  async project(@Root() job: JobType, @Ctx() ctx: GraphQLContext) {
    return ctx.services.projects.get(await authorized(ctx, 'project'), job.projectId);
  }

  /** Newest first; at most `first` (default 100), after `after` (a log's cursor). */
  @FieldResolver(() => [DeliveryLogType])
  async logs(
    @Root() job: JobType,
    @Ctx() ctx: GraphQLContext,
    @Arg('first', () => Int, { nullable: true, description: '1 to 100; default 100.' }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    const page = await ctx.services.logs.ofJob(await authorized(ctx, 'deliveryLogs'), job.id, { limit: first, limitField: 'first', cursor: after, cursorField: 'after' });
    return page.logs.map((log) => ({ ...log, cursor: page.cursorOf(log) }));
  }
}

/** A Relay connection of `nodes`, each edge with its cursor. */
function connection<T>(nodes: T[], cursorOf: (node: T) => string, nextCursor: string | null, extra: object) {
  const edges = nodes.map((node) => ({ cursor: cursorOf(node), node }));
  return { edges, pageInfo: { hasNextPage: nextCursor !== null, endCursor: edges.at(-1)?.cursor ?? null }, ...extra };
}
