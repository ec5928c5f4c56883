import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { JobStatus } from '../../../domain/jobs/job-status.js';
import type { ScheduleRecord } from '../../../domain/schedules/schedule.store.js';
import { formatDuration } from '../../../duration.js';
import { authorized, caller, type GraphQLContext } from '../context.js';
import { DateTimeScalar, JSONObjectScalar } from '../scalars.js';
import { describeOptions } from '../../../domain/jobs/delivery-options.js';
import { CreateScheduleInput, SchedulePageType, ScheduleType, UpdateScheduleInput } from '../schedule-types.js';
import { JobPageType, JobStatusEnum, ProjectType, RetryType } from '../types.js';

@Resolver(() => ScheduleType)
export class ScheduleResolver {
  @Mutation(() => ScheduleType)
  async createSchedule(@Arg('input', () => CreateScheduleInput) input: CreateScheduleInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.schedules.create(await caller(ctx, 'createSchedule', { projectId: input.projectId }), input);
  }

  @Mutation(() => ScheduleType)
  async updateSchedule(@Arg('id', () => ID) id: string, @Arg('input', () => UpdateScheduleInput) input: UpdateScheduleInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.schedules.update(await caller(ctx, 'updateSchedule', { resource: 'schedules', id }), id, input);
  }

  @Mutation(() => ScheduleType, { description: 'No new runs; runs already planned and not started are cancelled.' })
  async pauseSchedule(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return ctx.services.schedules.pause(await caller(ctx, 'pauseSchedule', { resource: 'schedules', id }), id);
  }

  @Mutation(() => ScheduleType, { description: 'Runs again; missed occurrences follow catchUp.' })
  async resumeSchedule(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return ctx.services.schedules.resume(await caller(ctx, 'resumeSchedule', { resource: 'schedules', id }), id);
  }

  @Mutation(() => ScheduleType, { description: 'Deletes it (returned as it was); its jobs keep their history.' })
  async deleteSchedule(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return ctx.services.schedules.delete(await caller(ctx, 'deleteSchedule', { resource: 'schedules', id }), id);
  }

  @Query(() => ScheduleType, { nullable: true })
  async schedule(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return ctx.services.schedules.find(await caller(ctx, 'schedule'), id);
  }

  @Query(() => SchedulePageType)
  async schedules(
    @Ctx() ctx: GraphQLContext,
    @Arg('projectId', () => ID, { nullable: true }) projectId?: string,
    @Arg('paused', () => Boolean, { nullable: true }) paused?: boolean,
    @Arg('page', () => Int, { defaultValue: 1 }) page?: number,
    @Arg('limit', () => Int, { defaultValue: 20 }) limit?: number,
  ) {
    return ctx.services.schedules.list(await caller(ctx, 'schedules'), { projectId, paused, page, limit });
  }

  @Query(() => [DateTimeScalar], { description: 'The next runs a schedule with this timing would have (1 to 100), computed as createSchedule would; nothing is created.' })
  async schedulePreview(
    @Ctx() ctx: GraphQLContext,
    @Arg('cron', () => String, { nullable: true }) cron?: string,
    @Arg('every', () => String, { nullable: true }) every?: string,
    @Arg('timezone', () => String, { nullable: true }) timezone?: string,
    @Arg('startAt', () => DateTimeScalar, { nullable: true }) startAt?: Date,
    @Arg('endAt', () => DateTimeScalar, { nullable: true }) endAt?: Date,
    @Arg('count', () => Int, { defaultValue: 5 }) count?: number,
  ) {
    await caller(ctx, 'schedulePreview');
    return ctx.services.schedules.preview({ cron, every, timezone, startAt, endAt }, count);
  }

  @FieldResolver(() => JSONObjectScalar)
  payload(@Root() schedule: ScheduleRecord) {
    return JSON.parse(schedule.payload);
  }

  @FieldResolver(() => RetryType, { description: 'How its runs retry.' })
  retry(@Root() schedule: ScheduleRecord, @Ctx() ctx: GraphQLContext) {
    return describeOptions(schedule, ctx.services.schedules.defaults).retry;
  }

  @FieldResolver(() => String, { description: 'Its runs’ per-attempt timeout.' })
  timeout(@Root() schedule: ScheduleRecord, @Ctx() ctx: GraphQLContext) {
    return describeOptions(schedule, ctx.services.schedules.defaults).timeout;
  }

  @FieldResolver(() => JSONObjectScalar, { description: 'Extra request headers its runs send.' })
  headers(@Root() schedule: ScheduleRecord) {
    return schedule.headers ?? {};
  }

  @FieldResolver(() => String, { nullable: true })
  every(@Root() schedule: ScheduleRecord) {
    return schedule.everyMs === null ? null : formatDuration(schedule.everyMs);
  }

  @FieldResolver(() => DateTimeScalar, { nullable: true })
  nextRunAt(@Root() schedule: ScheduleRecord, @Ctx() ctx: GraphQLContext) {
    return ctx.services.schedules.nextRunAt(schedule);
  }

  @FieldResolver(() => [DateTimeScalar], { description: 'The next occurrences from now (1 to 100), whether or not paused.' })
  nextRuns(@Root() schedule: ScheduleRecord, @Ctx() ctx: GraphQLContext, @Arg('count', () => Int, { defaultValue: 5 }) count: number) {
    return ctx.services.schedules.nextRuns(schedule, count);
  }

  @FieldResolver(() => ProjectType)
  async project(@Root() schedule: ScheduleRecord, @Ctx() ctx: GraphQLContext) {
    return ctx.services.projects.get(await authorized(ctx, 'project'), schedule.projectId);
  }

  @FieldResolver(() => JobPageType, { description: "The schedule's runs, newest occurrence first." })
  async jobs(
    @Root() schedule: ScheduleRecord,
    @Ctx() ctx: GraphQLContext,
    @Arg('status', () => JobStatusEnum, { nullable: true }) status?: JobStatus,
    @Arg('page', () => Int, { defaultValue: 1 }) page?: number,
    @Arg('limit', () => Int, { defaultValue: 20 }) limit?: number,
  ) {
    return ctx.services.jobList.list(await authorized(ctx, 'jobs'), { scheduleId: schedule.id, projectId: schedule.projectId, status, page, limit });
  }
}
