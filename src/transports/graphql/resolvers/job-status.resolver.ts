import { Args, ArgsType, Ctx, Field, FieldResolver, ID, Resolver, Root, Subscription } from 'type-graphql';
import type { JobStatusChange } from '../../../domain/jobs/job-status.js';
import { notFound } from '../../../errors.js';
import { authorized, type GraphQLContext } from '../context.js';
import { JobStatusEventType, JobType } from '../types.js';

@ArgsType()
class JobStatusChangedArgs {
  @Field(() => ID, { nullable: true }) jobId?: string | null;
  @Field(() => ID, { nullable: true }) projectId?: string | null;
  @Field(() => ID, { nullable: true, description: "Only this schedule's runs." }) scheduleId?: string | null;
}

@Resolver(() => JobStatusEventType)
export class JobStatusResolver {
  /** Every status change of the caller's jobs, optionally narrowed to one job or project. */
  @Subscription(() => JobStatusEventType, {
    subscribe: async ({ args, context }) => (context as GraphQLContext).services.streams.open(() => authorized(context as GraphQLContext, 'jobStatusChanged'), args),
  })
  jobStatusChanged(@Root() change: JobStatusChange, @Args(() => JobStatusChangedArgs) _args: JobStatusChangedArgs): JobStatusChange {
    return change;
  }

  /** The job as it is now (loaded when asked for). */
  @FieldResolver(() => JobType)
  async job(@Root() change: JobStatusChange, @Ctx() ctx: GraphQLContext) {
    const job = await ctx.services.jobs.find(await authorized(ctx, 'job'), change.jobId);
    if (!job) throw notFound('Job');
    return job;
  }
}
