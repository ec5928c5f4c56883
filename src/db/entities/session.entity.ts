import { EntitySchema, type Opt } from '@mikro-orm/core';
import type { User } from './user.entity.js';

/** A login. Only the SHA-256 of the bearer token is stored. */
export class Session {
  id!: string;
  user!: User;
  tokenHash!: string;
  createdAt: Opt<Date> = new Date();
  expiresAt!: Date;
  /** When the token was last used, to the minute. */
  lastSeenAt: Date | null = null;
  /** The client address and user agent of the login that opened it. */
  ip: string | null = null;
  userAgent: string | null = null;
}

export const SessionSchema = new EntitySchema<Session>({
  class: Session,
  tableName: 'sessions',
  properties: {
    id: { type: 'uuid', primary: true, defaultRaw: 'gen_random_uuid()' },
    user: { kind: 'm:1', entity: 'User', deleteRule: 'cascade', index: true },
    tokenHash: { type: 'text', unique: true },
    createdAt: { type: 'Date', columnType: 'timestamptz(3)' },
    expiresAt: { type: 'Date', columnType: 'timestamptz(3)', index: true },
    lastSeenAt: { type: 'Date', columnType: 'timestamptz(3)', nullable: true },
    ip: { type: 'text', nullable: true },
    userAgent: { type: 'text', nullable: true },
  },
});
