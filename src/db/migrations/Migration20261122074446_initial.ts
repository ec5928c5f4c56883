import { Migration } from '@mikro-orm/migrations';

export class Migration20261122074446_initial extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "users" ("id" uuid not null default gen_random_uuid(), "email" text not null, "password_hash" text not null, "created_at" timestamptz(3) not null, constraint "users_pkey" primary key ("id"));`);
    this.addSql(`alter table "users" add constraint "users_email_unique" unique ("email");`);

    this.addSql(`create table "sessions" ("id" uuid not null default gen_random_uuid(), "user_id" uuid not null, "token_hash" text not null, "created_at" timestamptz(3) not null, "expires_at" timestamptz(3) not null, constraint "sessions_pkey" primary key ("id"));`);
    this.addSql(`alter table "sessions" add constraint "sessions_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "sessions_expires_at_index" on "sessions" ("expires_at");`);

    this.addSql(`create table "projects" ("id" uuid not null default gen_random_uuid(), "owner_id" uuid not null, "name" text not null, "created_at" timestamptz(3) not null, constraint "projects_pkey" primary key ("id"));`);
    this.addSql(`create index "projects_owner_id_index" on "projects" ("owner_id");`);

    this.addSql(`create table "jobs" ("id" uuid not null default gen_random_uuid(), "project_id" uuid not null, "title" text not null, "webhook_url" text not null, "payload" jsonb not null, "fire_at" timestamptz(3) not null, "status" text not null, "retry_count" int not null default 0, "attempt" int not null default 0, "next_attempt_at" timestamptz(3) not null, "lease_owner" uuid null, "lease_expires_at" timestamptz(3) null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, constraint "jobs_pkey" primary key ("id"));`);
    this.addSql(`create index "jobs_project_status_created_idx" on "jobs" ("project_id", "status", "created_at" desc);`);
    this.addSql(`create index "jobs_project_created_idx" on "jobs" ("project_id", "created_at" desc);`);
    this.addSql(`create index "jobs_due_idx" on "jobs" ("next_attempt_at") where "status" = 'SCHEDULED';`);
    this.addSql(`create index "jobs_firing_lease_idx" on "jobs" ("lease_expires_at") where "status" = 'FIRING';`);

    this.addSql(`create table "delivery_attempts" ("id" uuid not null default gen_random_uuid(), "job_id" uuid not null, "attempt" int not null, "status" text not null, "response_code" int null, "response_body" text null, "fired_at" timestamptz(3) not null, "duration_ms" int not null, "error" text null, constraint "delivery_attempts_pkey" primary key ("id"));`);
    this.addSql(`alter table "delivery_attempts" add constraint "delivery_attempts_job_attempt_unique" unique ("job_id", "attempt");`);

    this.addSql(`create table "api_keys" ("id" uuid not null default gen_random_uuid(), "project_id" uuid not null, "label" text not null, "key_hash" text not null, "last4" text not null, "created_at" timestamptz(3) not null, "last_used_at" timestamptz(3) null, "revoked_at" timestamptz(3) null, constraint "api_keys_pkey" primary key ("id"));`);
    this.addSql(`create index "api_keys_project_id_index" on "api_keys" ("project_id");`);
    this.addSql(`alter table "api_keys" add constraint "api_keys_key_hash_unique" unique ("key_hash");`);

    this.addSql(`alter table "sessions" add constraint "sessions_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "projects" add constraint "projects_owner_id_foreign" foreign key ("owner_id") references "users" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "jobs" add constraint "jobs_project_id_foreign" foreign key ("project_id") references "projects" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "delivery_attempts" add constraint "delivery_attempts_job_id_foreign" foreign key ("job_id") references "jobs" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "api_keys" add constraint "api_keys_project_id_foreign" foreign key ("project_id") references "projects" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "sessions" drop constraint "sessions_user_id_foreign";`);

    this.addSql(`alter table "projects" drop constraint "projects_owner_id_foreign";`);

    this.addSql(`alter table "jobs" drop constraint "jobs_project_id_foreign";`);

    this.addSql(`alter table "api_keys" drop constraint "api_keys_project_id_foreign";`);

    this.addSql(`alter table "delivery_attempts" drop constraint "delivery_attempts_job_id_foreign";`);

    this.addSql(`drop table if exists "users" cascade;`);

    this.addSql(`drop table if exists "sessions" cascade;`);

    this.addSql(`drop table if exists "projects" cascade;`);

    this.addSql(`drop table if exists "jobs" cascade;`);

    this.addSql(`drop table if exists "delivery_attempts" cascade;`);

    this.addSql(`drop table if exists "api_keys" cascade;`);
  }

}
