import { Migration } from '@mikro-orm/migrations';

/** Each job keeps the trace context of the request that created it, for its deliveries' span links. */
export class Migration20261202110000_trace_context extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "jobs" add column "trace_context" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "jobs" drop column "trace_context";`);
  }

}
