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

@ObjectType('ApiKey')
export class ApiKeyType {
  @Field(() => ID) id!: string;
  @Field(() => String) label!: string;
  @Field(() => String) last4!: string;
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
  @Field(() => DateTimeScalar) createdAt!: Date;
}

@ObjectType('DeliveryLog')
export class DeliveryLogType {
  @Field(() => ID) id!: string;
  @Field(() => Int) attempt!: number;
  @Field(() => String, { description: 'SUCCESS or FAILED' }) status!: string;
  @Field(() => Int, { nullable: true }) responseCode!: number | null;
  @Field(() => String, { nullable: true }) responseBody!: string | null;
  @Field(() => DateTimeScalar) firedAt!: Date;
  @Field(() => Int) durationMs!: number;
  @Field(() => String, { nullable: true }) error!: string | null;
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
  /** Loaded with the job where the query joined it. */
  projectName?: string;
}

@ObjectType('Pagination')
export class PaginationType {
  @Field(() => Int) total!: number;
  @Field(() => Int) page!: number;
  @Field(() => Int) limit!: number;
  @Field(() => Int) totalPages!: number;
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
  @Field(() => DateTimeScalar) fireAt!: Date;
  @Field(() => JSONObjectScalar, { nullable: true }) payload?: Record<string, unknown> | null;
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
