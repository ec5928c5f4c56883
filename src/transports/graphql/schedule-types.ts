import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { CATCH_UP_POLICIES, type CatchUpPolicy } from '../../domain/schedules/schedule-rules.js';
import { DateTimeScalar, JSONObjectScalar } from './scalars.js';
import { PaginationType, RetryInput } from './types.js';

export const CatchUpEnum = Object.fromEntries(CATCH_UP_POLICIES.map((p) => [p, p])) as { [K in CatchUpPolicy]: K };
registerEnumType(CatchUpEnum, {
  name: 'CatchUp',
  description: 'Occurrences missed while the service was down or the schedule paused: NONE skips them, LATEST runs the most recent one, ALL runs each (at most 100).',
});

@ObjectType('Schedule', { description: 'A recurring schedule: every occurrence becomes an ordinary job.' })
export class ScheduleType {
  @Field(() => ID) id!: string;
  @Field(() => ID) projectId!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true, description: 'Cron expression (5 fields, or 6 with seconds first), evaluated in `timezone`.' }) cron!: string | null;
  @Field(() => String, { nullable: true, description: 'Fixed interval such as 30s, 15m or 1h.' }) every!: string | null;
  @Field(() => String, { description: 'IANA time zone of the cron expression.' }) timezone!: string;
  @Field(() => String) title!: string;
  @Field(() => String) webhookUrl!: string;
  @Field(() => JSONObjectScalar) payload!: Record<string, unknown>;
  @Field(() => Boolean) paused!: boolean;
  @Field(() => DateTimeScalar, { nullable: true }) startAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'No run at or after this instant.' }) endAt!: Date | null;
  @Field(() => CatchUpEnum) catchUp!: CatchUpPolicy;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When the next run is due; null while paused or once there is none.' }) nextRunAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'The latest occurrence that had a run.' }) lastRunAt!: Date | null;
  @Field(() => DateTimeScalar) createdAt!: Date;
  @Field(() => DateTimeScalar) updatedAt!: Date;
  @Field(() => JSONObjectScalar, { description: 'The labels of its runs.' }) labels!: Record<string, string>;
}

@ObjectType('SchedulePage')
export class SchedulePageType {
  @Field(() => [ScheduleType]) schedules!: ScheduleType[];
  @Field(() => PaginationType) pagination!: PaginationType;
}

@InputType('CreateScheduleInput')
export class CreateScheduleInput {
  @Field(() => ID, { nullable: true, description: 'Needed with a session token; implied by an API key.' }) projectId?: string | null;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true, description: 'Exactly one of cron and every.' }) cron?: string | null;
  @Field(() => String, { nullable: true, description: 'A duration: 30s, 15m, 1h, or milliseconds; at least 1 s.' }) every?: string | null;
  @Field(() => String, { nullable: true, description: 'IANA name; default UTC.' }) timezone?: string | null;
  @Field(() => String) title!: string;
  @Field(() => String) webhookUrl!: string;
  @Field(() => JSONObjectScalar, { nullable: true }) payload?: Record<string, unknown> | null;
  @Field(() => DateTimeScalar, { nullable: true }) startAt?: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) endAt?: Date | null;
  @Field(() => Boolean, { nullable: true, description: 'Create it paused; default false.' }) paused?: boolean | null;
  @Field(() => CatchUpEnum, { nullable: true, description: 'Default LATEST.' }) catchUp?: CatchUpPolicy | null;
  @Field(() => RetryInput, { nullable: true, description: 'The runs’ retries.' }) retry?: RetryInput | null;
  @Field(() => String, { nullable: true, description: 'The runs’ per-attempt timeout.' }) timeout?: string | null;
  @Field(() => JSONObjectScalar, { nullable: true, description: 'Extra request headers of the runs.' }) headers?: Record<string, string> | null;
  @Field(() => JSONObjectScalar, { nullable: true, description: 'Labels of the runs.' }) labels?: Record<string, string> | null;
}

@InputType('UpdateScheduleInput', { description: 'Fields to change; a timing change moves the next run, runs already created stay as they are.' })
export class UpdateScheduleInput {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true }) cron?: string | null;
  @Field(() => String, { nullable: true }) every?: string | null;
  @Field(() => String, { nullable: true }) timezone?: string | null;
  @Field(() => String, { nullable: true }) title?: string | null;
  @Field(() => String, { nullable: true }) webhookUrl?: string | null;
  @Field(() => JSONObjectScalar, { nullable: true }) payload?: Record<string, unknown> | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'null clears it.' }) startAt?: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'null clears it.' }) endAt?: Date | null;
  @Field(() => CatchUpEnum, { nullable: true }) catchUp?: CatchUpPolicy | null;
  @Field(() => RetryInput, { nullable: true, description: 'The runs’ retries.' }) retry?: RetryInput | null;
  @Field(() => String, { nullable: true, description: 'The runs’ per-attempt timeout.' }) timeout?: string | null;
  @Field(() => JSONObjectScalar, { nullable: true, description: 'Extra request headers of the runs.' }) headers?: Record<string, string> | null;
  @Field(() => JSONObjectScalar, { nullable: true, description: 'Labels of the runs.' }) labels?: Record<string, string> | null;
}
