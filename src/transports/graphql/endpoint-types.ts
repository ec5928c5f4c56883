import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ENDPOINT_STATES, type EndpointState } from '../../domain/endpoints/endpoint.service.js';
import { DateTimeScalar } from './scalars.js';

export const EndpointStateEnum = Object.fromEntries(ENDPOINT_STATES.map((s) => [s, s])) as { [K in EndpointState]: K };
registerEnumType(EndpointStateEnum, {
  name: 'EndpointState',
  description: 'CLOSED: attempts go as flow control allows; OPEN: the circuit breaker holds every attempt until its probe time; HALF_OPEN: one probe at a time; PAUSED: held by hand.',
});

@ObjectType('EndpointTraffic', { description: 'An endpoint’s attempts over a span.' })
export class EndpointTrafficType {
  @Field(() => Int) attempts!: number;
  @Field(() => Int) successes!: number;
  @Field(() => Float, { nullable: true, description: 'successes / attempts, 0 to 1; null without attempts.' }) successRate!: number | null;
  @Field(() => Int, { nullable: true, description: 'Median attempt duration, ms (from a histogram: within its bucket).' }) latencyP50Ms!: number | null;
  @Field(() => Int, { nullable: true, description: '95th percentile attempt duration, ms.' }) latencyP95Ms!: number | null;
}

@ObjectType('EndpointHealth')
export class EndpointHealthType {
  @Field(() => EndpointTrafficType, { description: 'This minute and the 59 before it.' }) lastHour!: EndpointTrafficType;
  @Field(() => EndpointTrafficType, { description: 'The last 24 hours, by the minute.' }) lastDay!: EndpointTrafficType;
  @Field(() => String, { nullable: true, description: 'The last failed attempt’s error.' }) lastError!: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) lastErrorAt!: Date | null;
}

@ObjectType('Endpoint', { description: 'A project’s receiver origin (scheme, host, port), made by its first job: flow control, circuit breaker and health.' })
export class EndpointType {
  @Field(() => ID) id!: string;
  @Field(() => ID) projectId!: string;
  @Field(() => String, { description: 'e.g. https://api.example.com or http://10.0.0.5:8080' }) origin!: string;
  @Field(() => Float, { nullable: true, description: 'Deliveries per second across every worker; null: no limit.' }) rateLimit!: number | null;
  @Field(() => Int, { nullable: true, description: 'Deliveries that may go at once after a quiet spell; null: one second’s worth of rateLimit.' }) burst!: number | null;
  @Field(() => Int, { nullable: true, description: 'Attempts in flight at once across every worker; null: no limit.' }) parallelism!: number | null;
  @Field(() => Boolean) paused!: boolean;
  @Field(() => EndpointStateEnum) state!: EndpointState;
  @Field(() => EndpointHealthType) health!: EndpointHealthType;
  @Field(() => Int, { description: 'Failed attempts in a row (the breaker opens at BREAKER_FAILURES).' }) consecutiveFailures!: number;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When the breaker opened; null while closed.' }) openedAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When an open breaker lets its next probe through.' }) probeAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'The receiver asked (429/503 Retry-After) for nothing before this.' }) retryAfterUntil!: Date | null;
  @Field(() => DateTimeScalar) createdAt!: Date;
  @Field(() => DateTimeScalar) updatedAt!: Date;
}

@InputType('UpdateEndpointInput', { description: 'Fields left out stay as they are; null clears a limit.' })
export class UpdateEndpointInput {
  @Field(() => Float, { nullable: true, description: 'Deliveries per second (0.001 to 100000).' }) rateLimit?: number | null;
  @Field(() => Int, { nullable: true, description: 'Burst of the rate limit (1 to 100000).' }) burst?: number | null;
  @Field(() => Int, { nullable: true, description: 'Attempts in flight at once (1 to 10000).' }) parallelism?: number | null;
  @Field(() => Boolean, { nullable: true, description: 'true holds every attempt; false lets them go again, in due order.' }) paused?: boolean | null;
}

@ObjectType('EndpointChange', { description: 'An endpoint’s settings changed, or its breaker opened or closed.' })
export class EndpointChangeType {
  @Field(() => ID) endpointId!: string;
  @Field(() => ID) projectId!: string;
  @Field(() => String) origin!: string;
  @Field(() => EndpointStateEnum, { description: 'Its state after the change.' }) state!: EndpointState;
  @Field(() => DateTimeScalar) at!: Date;
}

@ObjectType('JobHold', { description: 'How long the job’s last attempt waited past its due time for its endpoint, and why.' })
export class JobHoldType {
  @Field(() => Int) ms!: number;
  @Field(() => String, { description: 'endpoint rate limit, endpoint parallelism, endpoint paused, endpoint circuit open or receiver Retry-After' }) reason!: string;
  @Field(() => String, { description: 'e.g. "held by endpoint rate limit for 3.2 s"' }) message!: string;
}
