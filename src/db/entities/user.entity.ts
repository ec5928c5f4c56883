import { EntitySchema, type Opt } from '@mikro-orm/core';

export class User {
  id!: string;
  email!: string;
  passwordHash!: string;
  createdAt: Opt<Date> = new Date();
}

export const UserSchema = new EntitySchema<User>({
  class: User,
  tableName: 'users',
  properties: {
    id: { type: 'uuid', primary: true, defaultRaw: 'gen_random_uuid()' },
    email: { type: 'text', unique: true },
    passwordHash: { type: 'text' },
    createdAt: { type: 'Date', columnType: 'timestamptz(3)' },
  },
});
