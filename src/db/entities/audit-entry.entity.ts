import { EntitySchema, type Opt } from '@mikro-orm/core';

/**
 * One sensitive action: who (a user or an API key, with its email or label as it was then),
 * what, on which project and thing, from which address, when. Never holds a secret.
 */
export class AuditEntry {
  id!: string;
  /** Null for account events (logins, sessions), which are shown in the projects of their user (`targetId`). */
  projectId: string | null = null;
  actorKind!: 'user' | 'apiKey' | 'anonymous';
  actorId: string | null = null;
  actorLabel: string | null = null;
  action!: string;
  targetId: string | null = null;
  detail: Opt<Record<string, unknown>> = {};
  ip: string | null = null;
  createdAt: Opt<Date> = new Date();
}

export const AuditEntrySchema = new EntitySchema<AuditEntry>({
  class: AuditEntry,
  tableName: 'audit_entries',
  indexes: [
    { properties: ['projectId', 'createdAt', 'id'], name: 'audit_entries_project_created_idx' },
    { properties: ['targetId', 'createdAt'], name: 'audit_entries_target_created_idx' },
  ],
  properties: {
    id: { type: 'uuid', primary: true, defaultRaw: 'gen_random_uuid()' },
    projectId: { type: 'uuid', nullable: true },
    actorKind: { type: 'text' },
    actorId: { type: 'uuid', nullable: true },
    actorLabel: { type: 'text', nullable: true },
    action: { type: 'text' },
    targetId: { type: 'text', nullable: true },
    detail: { type: 'json', default: '{}' },
    ip: { type: 'text', nullable: true },
    createdAt: { type: 'Date', columnType: 'timestamptz(3)', defaultRaw: 'now()' },
  },
});
