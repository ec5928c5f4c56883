import { EntitySchema } from '@mikro-orm/core';

/**
 * This deployment: every Dispatch instance on one PostgreSQL database is one deployment.
 * One row, written by its migration; its id scopes what the deployment keeps outside this
 * database (its Agenda collection in a MongoDB that other deployments may share).
 */
export class Deployment {
  id!: string;
  /** Signs what clients hand back (page cursors), so that they cannot forge them; drawn at first use. */
  secret!: string | null;
  createdAt!: Date;
}

export const DeploymentSchema = new EntitySchema<Deployment>({
  class: Deployment,
  tableName: 'deployment',
  properties: {
    id: { type: 'uuid', primary: true, defaultRaw: 'gen_random_uuid()' },
    secret: { type: 'text', nullable: true },
    createdAt: { type: 'Date', columnType: 'timestamptz(3)', defaultRaw: 'now()' },
  },
});
