import { Migration } from '@mikro-orm/migrations';

/** The audit log: who did what to which project, from where and when. */
export class Migration20261202110000_audit_log extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "audit_entries" ("id" uuid not null default gen_random_uuid(), "project_id" uuid null, "actor_kind" text not null, "actor_id" uuid null, "actor_label" text null, "action" text not null, "target_id" text null, "detail" jsonb not null default '{}', "ip" text null, "created_at" timestamptz(3) not null default now(), constraint "audit_entries_pkey" primary key ("id"));`);
    this.addSql(`create index "audit_entries_project_created_idx" on "audit_entries" ("project_id", "created_at", "id");`);
    this.addSql(`create index "audit_entries_target_created_idx" on "audit_entries" ("target_id", "created_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "audit_entries" cascade;`);
  }

}
