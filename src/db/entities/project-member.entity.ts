import { EntitySchema, type Opt } from '@mikro-orm/core';
import type { Role } from '../../domain/members/roles.js';
import type { Project } from './project.entity.js';
import type { User } from './user.entity.js';

/** A user's membership of a project, with their role there. */
export class ProjectMember {
  project!: Project;
  user!: User;
  role!: Role;
  createdAt: Opt<Date> = new Date();
}

export const ProjectMemberSchema = new EntitySchema<ProjectMember>({
  class: ProjectMember,
  tableName: 'project_members',
  properties: {
    project: { kind: 'm:1', entity: 'Project', primary: true, deleteRule: 'cascade' },
    user: { kind: 'm:1', entity: 'User', primary: true, deleteRule: 'cascade', index: true },
    role: { type: 'text' },
    createdAt: { type: 'Date', columnType: 'timestamptz(3)' },
  },
});
