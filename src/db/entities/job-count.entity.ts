import { EntitySchema } from '@mikro-orm/core';

/**
 * Jobs per project and status, in slots (one per backend, modulo 16) that statement
 * triggers on `jobs` keep up to date: a count is the sum of its slots, read without a scan.
 */
export class JobCount {
  projectId!: string;
  status!: string;
  slot!: number;
  n!: number;
}

export const JobCountSchema = new EntitySchema<JobCount>({
  class: JobCount,
  tableName: 'job_counts',
  properties: {
    projectId: { type: 'uuid', primary: true },
    status: { type: 'text', primary: true },
    slot: { type: 'smallint', primary: true },
    n: { type: 'bigint', default: 0, runtimeType: 'number' },
  },
});
