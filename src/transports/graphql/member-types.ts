import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { ROLES, type Role } from '../../domain/members/roles.js';
import { DateTimeScalar, JSONObjectScalar } from './scalars.js';
import { PageInfoType, UserType } from './types.js';

export const RoleEnum = Object.fromEntries(ROLES.map((r) => [r, r])) as { [K in Role]: K };
registerEnumType(RoleEnum, {
  name: 'Role',
  description: 'A member’s powers in a project: OWNER everything; ADMIN keys, secrets, settings, the audit log and members other than owners; DEVELOPER jobs, schedules and endpoints; VIEWER reads only.',
});

@ObjectType('Member', { description: 'A user’s membership of a project.' })
export class MemberType {
  @Field(() => UserType) user!: UserType;
  @Field(() => RoleEnum) role!: Role;
  @Field(() => DateTimeScalar, { description: 'When they became a member.' }) createdAt!: Date;
}

@ObjectType('AuditActor', { description: 'Who acted: a user (id, email), an API key (id, label), or nobody known (a failed login).' })
export class AuditActorType {
  @Field(() => String, { description: 'user, apiKey or anonymous.' }) kind!: string;
  @Field(() => ID, { nullable: true }) id!: string | null;
  @Field(() => String, { nullable: true, description: 'The user’s email or the key’s label, as it was then.' }) label!: string | null;
}

@ObjectType('AuditEntry', { description: 'One sensitive action. Never holds a secret.' })
export class AuditEntryType {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: 'e.g. member.added, apiKey.revoked, signingSecret.rotated, schedule.paused, jobs.cancelled, login.failed.' }) action!: string;
  @Field(() => AuditActorType) actor!: AuditActorType;
  @Field(() => ID, { nullable: true, description: 'The project (null for account events: logins, sessions).' }) projectId!: string | null;
  @Field(() => String, { nullable: true, description: 'What was acted on: a member’s user id, a key, schedule or endpoint id.' }) targetId!: string | null;
  @Field(() => JSONObjectScalar, { description: 'What changed (names and settings, never secrets).' }) detail!: Record<string, unknown>;
  @Field(() => String, { nullable: true, description: 'The client address the request came from.' }) ip!: string | null;
  @Field(() => DateTimeScalar) createdAt!: Date;
}

@ObjectType('AuditEntryEdge')
export class AuditEntryEdgeType {
  @Field(() => String) cursor!: string;
  @Field(() => AuditEntryType) node!: AuditEntryType;
}

@ObjectType('AuditEntryConnection')
export class AuditEntryConnectionType {
  @Field(() => [AuditEntryEdgeType]) edges!: AuditEntryEdgeType[];
  @Field(() => PageInfoType) pageInfo!: PageInfoType;
}
