import { ApiKeySchema } from './api-key.entity.js';
import { DeliveryAttemptSchema } from './delivery-attempt.entity.js';
import { EndpointMinuteSchema, EndpointSchema } from './endpoint.entity.js';
import { DeploymentSchema } from './deployment.entity.js';
import { IdempotencyKeySchema } from './idempotency-key.entity.js';
import { RateLimitWindowSchema } from './rate-limit.entity.js';
import { JobCountSchema } from './job-count.entity.js';
import { JobSchema } from './job.entity.js';
import { JobTitleSchema } from './job-title.entity.js';
import { ProjectSchema } from './project.entity.js';
import { ScheduleSchema } from './schedule.entity.js';
import { SessionSchema } from './session.entity.js';
import { UserSchema } from './user.entity.js';

export { ApiKey } from './api-key.entity.js';
export { DeliveryAttempt } from './delivery-attempt.entity.js';
export { Deployment } from './deployment.entity.js';
export { Job } from './job.entity.js';
export { Project } from './project.entity.js';
export { Schedule } from './schedule.entity.js';
export { Session } from './session.entity.js';
export { User } from './user.entity.js';

export const ENTITIES = [UserSchema, SessionSchema, ProjectSchema, ApiKeySchema, JobSchema, ScheduleSchema, DeliveryAttemptSchema, IdempotencyKeySchema, RateLimitWindowSchema, DeploymentSchema, JobCountSchema, JobTitleSchema, EndpointSchema, EndpointMinuteSchema];
