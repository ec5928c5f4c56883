import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { ROLES, type Role } from '../../domain/members/roles.js';
import { DateTimeScalar } from './scalars.js';
import { UserType } from './types.js';

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
