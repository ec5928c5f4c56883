import { EntitySchema } from '@mikro-orm/core';

/** A remembered Idempotency-Key: per project, with the hash of the request it came with. */
export class IdempotencyKey {
  projectId!: string;
  key!: string;
  requestHash!: string;
  jobId!: string | null;
  createdAt!: Date;
  expiresAt!: Date;
}

export const IdempotencyKeySchema = new EntitySchema<IdempotencyKey>({
  class: IdempotencyKey,
  tableName: 'idempotency_keys',
  properties: {
    projectId: { type: 'uuid', primary: true },
    key: { type: 'text', primary: true },
    requestHash: { type: 'text' },
    jobId: { type: 'uuid', nullable: true },
    createdAt: { type: 'Date', columnType: 'timestamptz(3)' },
    expiresAt: { type: 'Date', columnType: 'timestamptz(3)', index: true },
  },
});
