import { Migration } from '@mikro-orm/migrations';

export class Migration20261201215243_schedules extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "schedules" ("id" uuid not null default gen_random_uuid(), "project_id" uuid not null, "name" text not null, "cron" text null, "every_ms" bigint null, "timezone" text not null, "anchor_at" timestamptz(3) null, "title" text not null, "webhook_url" text not null, "payload" jsonb not null, "start_at" timestamptz(3) null, "end_at" timestamptz(3) null, "paused" boolean not null default false, "catch_up" text not null, "next_run_at" timestamptz(3) null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, constraint "schedules_pkey" primary key ("id"));`);
    this.addSql(`create index "schedules_project_created_idx" on "schedules" ("project_id", "created_at" desc, "id" desc);`);
    this.addSql(`create index "schedules_due_idx" on "schedules" ("next_run_at") where not "paused" and "next_run_at" is not null;`);

    this.addSql(`alter table "schedules" add constraint "schedules_project_id_foreign" foreign key ("project_id") references "projects" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "jobs" add column "schedule_id" uuid null, add column "scheduled_for" timestamptz(3) null;`);
    this.addSql(`create index "jobs_schedule_runs_idx" on "jobs" ("schedule_id", "scheduled_for" desc, "id" desc) where "schedule_id" is not null;`);
    this.addSql(`create unique index "jobs_schedule_occurrence_unique" on "jobs" ("schedule_id", "scheduled_for") where "status" <> 'CANCELLED';`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "schedules" cascade;`);

    this.addSql(`drop index "jobs_schedule_runs_idx";`);
    this.addSql(`drop index "jobs_schedule_occurrence_unique";`);
    this.addSql(`alter table "jobs" drop column "schedule_id", drop column "scheduled_for";`);
  }

}
