import { Migration } from '@mikro-orm/migrations';

/**
 * The one-live-run-per-occurrence index holds schedule runs only. It held every job (one-off
 * jobs with a null schedule), so each insert, start and completion of any job also wrote an
 * entry that could never conflict (nulls are distinct in a unique index).
 */
export class Migration20261202130000_occurrence_index extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create unique index "jobs_schedule_occurrence_unique_new" on "jobs" ("schedule_id", "scheduled_for") where "schedule_id" is not null and "status" <> 'CANCELLED';`);
    this.addSql(`drop index "jobs_schedule_occurrence_unique";`);
    this.addSql(`alter index "jobs_schedule_occurrence_unique_new" rename to "jobs_schedule_occurrence_unique";`);
  }

  override async down(): Promise<void> {
    this.addSql(`create unique index "jobs_schedule_occurrence_unique_old" on "jobs" ("schedule_id", "scheduled_for") where "status" <> 'CANCELLED';`);
    this.addSql(`drop index "jobs_schedule_occurrence_unique";`);
    this.addSql(`alter index "jobs_schedule_occurrence_unique_old" rename to "jobs_schedule_occurrence_unique";`);
  }

}
