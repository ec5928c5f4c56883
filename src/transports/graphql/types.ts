import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { JOB_STATUSES, type JobStatus } from '../../domain/jobs/job-status.js';
import { DateTimeScalar, JSONObjectScalar } from './scalars.js';

/** GraphQL object types: separate from the ORM entities, mirroring the REST JSON. */
export const JobStatusEnum = Object.fromEntries(JOB_STATUSES.map((s) => [s, s])) as { [K in JobStatus]: K };
registerEnumType(JobStatusEnum, { name: 'JobStatus', description: 'Where a job is in its lifecycle.' });

@ObjectType('User')
export class UserType {
  @Field(() => ID) id!: string;
  @Field(() => String) email!: string;
}

@ObjectType('AuthPayload')
export class AuthPayloadType {
  @Field(() => String, { description: 'Session token for `Authorization: Bearer …`.' }) token!: string;
  @Field(() => UserType) user!: UserType;
}

@ObjectType('Session', { description: 'A login of the caller.' })
export class SessionType {
  @Field(() => ID) id!: string;
  @Field(() => DateTimeScalar) createdAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When its token was last used (to the minute).' }) lastSeenAt!: Date | null;
  @Field(() => DateTimeScalar) expiresAt!: Date;
  @Field(() => String, { nullable: true, description: 'The client address of the login.' }) ip!: string | null;
  @Field(() => String, { nullable: true, description: 'The User-Agent of the login.' }) userAgent!: string | null;
  @Field(() => Boolean, { description: 'The session of this request.' }) current!: boolean;
}

@ObjectType('ApiKey')
export class ApiKeyType {
  @Field(() => ID) id!: string;
  @Field(() => String) label!: string;
  @Field(() => String) last4!: string;
  @Field(() => [String], { description: 'What the key may do (jobs:read, jobs:write, schedules:read, schedules:write, endpoints:read, endpoints:write, logs:read).' }) scopes!: string[];
  @Field(() => DateTimeScalar, { nullable: true, description: 'When the key stops working (null: never).' }) expiresAt!: Date | null;
  @Field(() => DateTimeScalar) createdAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true }) lastUsedAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) revokedAt!: Date | null;
}

@ObjectType('CreatedApiKey')
export class CreatedApiKeyType {
  @Field(() => String, { description: 'The key itself: shown only in this response.' }) key!: string;
  @Field(() => ApiKeyType) apiKey!: ApiKeyType;
}

@ObjectType('Project')
export class ProjectType {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true, description: 'Where the project’s alerts are sent (null: none).' }) alertWebhookUrl!: string | null;
  @Field(() => DateTimeScalar) createdAt!: Date;
}

@InputType('UpdateProjectInput')
export class UpdateProjectInput {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true, description: 'How long finished jobs and their logs are kept: a duration such as "90d", "0" for ever, null for the server’s RETENTION.' })
  retention?: string | null;
  @Field(() => String, { nullable: true, description: 'Where the project’s alerts (job.dead, endpoint.opened, endpoint.closed, endpoint.paused) are sent, signed like deliveries; "" or null: none.' })
  alertWebhookUrl?: string | null;
}

@ObjectType('DeliveryLog')
export class DeliveryLogType {
  @Field(() => ID) id!: string;
  @Field(() => ID, { description: 'The job the attempt belongs to.' }) jobId!: string;
  @Field(() => String, { description: "That job's title." }) jobTitle!: string;
  @Field(() => String, { nullable: true, description: 'Where a page of logs ending here continues (Job.logs(after:), deliveryLogs(after:)).' }) cursor?: string;
  @Field(() => Int) attempt!: number;
  @Field(() => String, { description: 'SUCCESS or FAILED' }) status!: string;
  @Field(() => Int, { nullable: true }) responseCode!: number | null;
  @Field(() => String, { nullable: true }) responseBody!: string | null;
  @Field(() => DateTimeScalar) firedAt!: Date;
  @Field(() => Int) durationMs!: number;
  @Field(() => String, { nullable: true }) error!: string | null;
}

@ObjectType('Retry', { description: 'How failed attempts are retried: the job’s own values, the server’s defaults otherwise.' })
export class RetryType {
  @Field(() => Int, { description: 'The job is DEAD when this many attempts have failed.' }) maxAttempts!: number;
  @Field(() => [String], { description: 'Delay before retry 1, 2, …; the last repeats.' }) delays!: string[];
  @Field(() => String, { description: 'Ceiling on any retry delay.' }) maxDelay!: string;
}

@InputType('RetryInput')
export class RetryInput {
  @Field(() => Int, { nullable: true, description: '1 to 20.' }) maxAttempts?: number | null;
  @Field(() => [String], { nullable: true, description: 'Durations such as "10s", "1m"; at most 20.' }) delays?: string[] | null;
  @Field(() => String, { nullable: true }) maxDelay?: string | null;
}

@ObjectType('Job')
export class JobType {
  @Field(() => ID) id!: string;
  @Field(() => ID) projectId!: string;
  @Field(() => String) title!: string;
  @Field(() => String) webhookUrl!: string;
  @Field(() => JSONObjectScalar) payload!: Record<string, unknown>;
  @Field(() => DateTimeScalar) fireAt!: Date;
  @Field(() => JobStatusEnum) status!: JobStatus;
  @Field(() => Int) retryCount!: number;
  @Field(() => DateTimeScalar) createdAt!: Date;
  @Field(() => DateTimeScalar) updatedAt!: Date;
  @Field(() => ID, { nullable: true, description: 'The schedule this job is a run of.' }) scheduleId!: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'The occurrence of the schedule this run stands for.' }) scheduledFor!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'An attempt that cannot start before this is not sent; the job goes DEAD (log error "expired").' })
  expiresAt!: Date | null;
  @Field(() => JSONObjectScalar, { description: 'key: value strings.' }) labels!: Record<string, string>;
  @Field(() => ID, { nullable: true, description: 'The job this one replays.' }) replayOf!: string | null;
  @Field(() => ID, { nullable: true, description: 'The receiver endpoint it is sent to (null for alerts, which no endpoint holds back).' }) endpointId!: string | null;
  /** Loaded with the job where the query joined it. */
  projectName?: string;
}

@ObjectType('Pagination')
export class PaginationType {
  @Field(() => Int, { description: 'Exact, or (totalIsEstimate) the planner’s estimate for a filtered list of more than 10,000 jobs.' }) total!: number;
  @Field(() => Int) page!: number;
  @Field(() => Int) limit!: number;
  @Field(() => Int) totalPages!: number;
  @Field(() => Boolean, { description: 'total is an estimate.' }) totalIsEstimate!: boolean;
}

@ObjectType('JobPage')
export class JobPageType {
  @Field(() => [JobType]) jobs!: JobType[];
  @Field(() => PaginationType) pagination!: PaginationType;
}

@InputType('ScheduleJobInput')
export class ScheduleJobInput {
  @Field(() => String) title!: string;
  @Field(() => String) webhookUrl!: string;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When to fire (UTC, in the future); exactly one of fireAt and delay.' }) fireAt?: Date | null;
  @Field(() => String, { nullable: true, description: 'Instead of fireAt: how long from now, e.g. "90s", "15m", "2h", "1d" or milliseconds.' }) delay?: string | null;
  @Field(() => JSONObjectScalar, { nullable: true }) payload?: Record<string, unknown> | null;
  @Field(() => RetryInput, { nullable: true }) retry?: RetryInput | null;
  @Field(() => String, { nullable: true, description: 'Per-attempt timeout, at most the server’s DELIVERY_TIMEOUT.' }) timeout?: string | null;
  @Field(() => JSONObjectScalar, { nullable: true, description: 'Up to 20 extra request headers (string values); Dispatch’s own are reserved.' }) headers?: Record<string, string> | null;
  @Field(() => DateTimeScalar, { nullable: true }) expiresAt?: Date | null;
  @Field(() => JSONObjectScalar, { nullable: true, description: 'Up to 20 key: value strings.' }) labels?: Record<string, string> | null;
  @Field(() => ID, { nullable: true, description: 'Needed with a session token; implied by an API key.' }) projectId?: string | null;
  @Field(() => String, { nullable: true, description: 'Same key and same input within IDEMPOTENCY_TTL returns the original job; a different input is an IDEMPOTENCY_CONFLICT.' })
  idempotencyKey?: string | null;
}

@ObjectType('JobStatusEvent')
export class JobStatusEventType {
  @Field(() => ID) jobId!: string;
  @Field(() => ID) projectId!: string;
  @Field(() => JobStatusEnum) status!: JobStatus;
  @Field(() => JobStatusEnum, { nullable: true }) previousStatus!: JobStatus | null;
  @Field(() => Int) retryCount!: number;
  @Field(() => DateTimeScalar, { description: 'When the change was committed.' }) at!: Date;
}

@InputType('UpdateJobInput', { description: 'Fields to change on a SCHEDULED job; null resets an option to the server’s default.' })
export class UpdateJobInput {
  @Field(() => DateTimeScalar, { nullable: true }) fireAt?: Date | null;
  @Field(() => String, { nullable: true }) delay?: string | null;
  @Field(() => String, { nullable: true }) title?: string | null;
  @Field(() => String, { nullable: true }) webhookUrl?: string | null;
  @Field(() => JSONObjectScalar, { nullable: true }) payload?: Record<string, unknown> | null;
  @Field(() => RetryInput, { nullable: true }) retry?: RetryInput | null;
  @Field(() => String, { nullable: true }) timeout?: string | null;
  @Field(() => JSONObjectScalar, { nullable: true }) headers?: Record<string, string> | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'null clears it.' }) expiresAt?: Date | null;
  @Field(() => JSONObjectScalar, { nullable: true }) labels?: Record<string, string> | null;
}

@InputType('JobFilter', { description: 'Which jobs; every condition given must hold. Always within the caller’s projects.' })
export class JobFilterInput {
  @Field(() => [ID], { nullable: true, description: 'At most 10,000.' }) ids?: string[] | null;
  @Field(() => ID, { nullable: true }) projectId?: string | null;
  @Field(() => JobStatusEnum, { nullable: true }) status?: JobStatus | null;
  @Field(() => JSONObjectScalar, { nullable: true, description: 'Every key: value given must be on the job.' }) labels?: Record<string, string> | null;
  @Field(() => ID, { nullable: true }) scheduleId?: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'fireAt at or after.' }) fireAtFrom?: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'fireAt before.' }) fireAtTo?: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'createdAt at or after.' }) createdAtFrom?: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'createdAt before.' }) createdAtTo?: Date | null;
  @Field(() => String, { nullable: true, description: 'Titles containing this text, in any letter case.' }) search?: string | null;
}

@ObjectType('BulkResult')
export class BulkResultType {
  @Field(() => Int) count!: number;
  @Field(() => [ID], { description: 'The jobs cancelled, or the new jobs (replays).' }) ids!: string[];
}

@ObjectType('PageInfo')
export class PageInfoType {
  @Field(() => Boolean) hasNextPage!: boolean;
  @Field(() => String, { nullable: true, description: 'The last edge’s cursor: pass it as `after` for the next page.' }) endCursor!: string | null;
}

@ObjectType('JobEdge')
export class JobEdgeType {
  @Field(() => String) cursor!: string;
  @Field(() => JobType) node!: JobType;
}

@ObjectType('JobConnection')
export class JobConnectionType {
  @Field(() => [JobEdgeType]) edges!: JobEdgeType[];
  @Field(() => PageInfoType) pageInfo!: PageInfoType;
  @Field(() => Int, { description: 'How many jobs match; an estimate above 10,000 for filters other than project and status (see totalIsEstimate).' }) totalCount!: number;
  @Field(() => Boolean) totalIsEstimate!: boolean;
}

@ObjectType('DeliveryLogEdge')
export class DeliveryLogEdgeType {
  @Field(() => String) cursor!: string;
  @Field(() => DeliveryLogType) node!: DeliveryLogType;
}

@ObjectType('DeliveryLogConnection')
export class DeliveryLogConnectionType {
  @Field(() => [DeliveryLogEdgeType]) edges!: DeliveryLogEdgeType[];
  @Field(() => PageInfoType) pageInfo!: PageInfoType;
}
