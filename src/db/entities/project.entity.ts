import { EntitySchema, type Opt } from '@mikro-orm/core';

export class Project {
  id!: string;
  name!: string;
  /** Signs every delivery (`whsec_…`); readable by owners and admins only. */
  signingSecret!: string;
  /** The secret before the last rotation, still signing until `previousSecretExpiresAt`. */
  previousSigningSecret: string | null = null;
  previousSecretExpiresAt: Date | null = null;
  /** How long its finished jobs are kept, ms; null: RETENTION; 0: for ever. */
  retentionMs: number | null = null;
  /** Where the project's alerts (job.dead, endpoint.opened/closed/paused) are sent. */
  alertWebhookUrl: string | null = null;
  createdAt: Opt<Date> = new Date();
}

export const ProjectSchema = new EntitySchema<Project>({
  class: Project,
  tableName: 'projects',
  properties: {
    id: { type: 'uuid', primary: true, defaultRaw: 'gen_random_uuid()' },
    name: { type: 'text' },
    signingSecret: { type: 'text' },
    previousSigningSecret: { type: 'text', nullable: true },
    previousSecretExpiresAt: { type: 'Date', columnType: 'timestamptz(3)', nullable: true },
    retentionMs: { type: 'bigint', nullable: true, runtimeType: 'number' },
    alertWebhookUrl: { type: 'text', nullable: true },
    createdAt: { type: 'Date', columnType: 'timestamptz(3)' },
  },
});
