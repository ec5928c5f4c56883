import { EntitySchema } from '@mikro-orm/core';

/**
 * A job's title for search, apart from the job: a job row changes status three times in its
 * life and each change writes a new entry into every index of `jobs`; a trigram index there
 * cost more WAL than the rest of the change. Here it is written once, when the job is
 * created (or its title edited). Statement triggers on `jobs` keep the table in step: no
 * code path writes it.
 */
export class JobTitle {
  jobId!: string;
  projectId!: string;
  title!: string;
}

export const JobTitleSchema = new EntitySchema<JobTitle>({
  class: JobTitle,
  tableName: 'job_titles',
  indexes: [
    { name: 'job_titles_trgm_idx', expression: 'create index "job_titles_trgm_idx" on "job_titles" using gin ("title" gin_trgm_ops)' },
  ],
  properties: {
    jobId: { type: 'uuid', primary: true },
    projectId: { type: 'uuid' },
    title: { type: 'text' },
  },
});
