import { EntitySchema, type Opt } from '@mikro-orm/core';
import type { User } from './user.entity.js';

export class Project {
  id!: string;
  owner!: User;
  name!: string;
  createdAt: Opt<Date> = new Date();
}

export const ProjectSchema = new EntitySchema<Project>({
  class: Project,
  tableName: 'projects',
  properties: {
    id: { type: 'uuid', primary: true, defaultRaw: 'gen_random_uuid()' },
    owner: { kind: 'm:1', entity: 'User', deleteRule: 'cascade', index: true },
    name: { type: 'text' },
    createdAt: { type: 'Date', columnType: 'timestamptz(3)' },
  },
});
