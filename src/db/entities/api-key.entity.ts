import { EntitySchema, type Opt } from '@mikro-orm/core';
import type { Project } from './project.entity.js';

/** A project's API key. Only its SHA-256 and last four characters are stored. */
export class ApiKey {
  id!: string;
  project!: Project;
  label!: string;
  keyHash!: string;
  last4!: string;
  /** What the key may do (see src/domain/members/scopes.ts). */
  scopes!: string[];
  /** After this the key is refused like an unknown one; null: never. */
  expiresAt: Date | null = null;
  createdAt: Opt<Date> = new Date();
  lastUsedAt: Date | null = null;
  revokedAt: Date | null = null;
}

export const ApiKeySchema = new EntitySchema<ApiKey>({
  class: ApiKey,
  tableName: 'api_keys',
  properties: {
    id: { type: 'uuid', primary: true, defaultRaw: 'gen_random_uuid()' },
    project: { kind: 'm:1', entity: 'Project', deleteRule: 'cascade', index: true },
    label: { type: 'text' },
    keyHash: { type: 'text', unique: true },
    last4: { type: 'text' },
    scopes: { type: 'text[]' },
    expiresAt: { type: 'Date', columnType: 'timestamptz(3)', nullable: true },
    createdAt: { type: 'Date', columnType: 'timestamptz(3)' },
    lastUsedAt: { type: 'Date', columnType: 'timestamptz(3)', nullable: true },
    revokedAt: { type: 'Date', columnType: 'timestamptz(3)', nullable: true },
  },
});
