import { Migration } from '@mikro-orm/migrations';

/**
 * Cheaper claims: a claim writes only the lease columns, which no index holds any more,
 * and pages keep room for the new row version, so a claim is a heap-only (HOT) update that
 * touches none of the job's indexes. Expired FIRING leases are found among the (few)
 * FIRING rows instead.
 */
export class Migration20261202030000_firing_cost extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "jobs" set (fillfactor = 85);`);
    this.addSql(`drop index "jobs_firing_idx";`);
    this.addSql(`create index "jobs_firing_idx" on "jobs" ("endpoint_id") where "status" = 'FIRING';`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "jobs_firing_idx";`);
    this.addSql(`create index "jobs_firing_idx" on "jobs" ("endpoint_id", "lease_expires_at") where "status" = 'FIRING';`);
    this.addSql(`alter table "jobs" reset (fillfactor);`);
  }

}
