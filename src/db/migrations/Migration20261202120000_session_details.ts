import { Migration } from '@mikro-orm/migrations';

/** Sessions know when they were last used and the address and user agent that opened them; listed by user. */
export class Migration20261202120000_session_details extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "sessions" add column "last_seen_at" timestamptz(3) null, add column "ip" text null, add column "user_agent" text null;`);
    this.addSql(`create index "sessions_user_id_index" on "sessions" ("user_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "sessions_user_id_index";`);
    this.addSql(`alter table "sessions" drop column "last_seen_at", drop column "ip", drop column "user_agent";`);
  }

}
