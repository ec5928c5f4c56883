import { Migration } from '@mikro-orm/migrations';

export class Migration20261122081449_security extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "idempotency_keys" ("project_id" uuid not null, "key" text not null, "request_hash" text not null, "job_id" uuid null, "created_at" timestamptz(3) not null, "expires_at" timestamptz(3) not null, constraint "idempotency_keys_pkey" primary key ("project_id", "key"));`);
    this.addSql(`create index "idempotency_keys_expires_at_index" on "idempotency_keys" ("expires_at");`);

    this.addSql(`create table "rate_limits" ("bucket" text not null, "window_start" timestamptz(3) not null, "count" int not null, constraint "rate_limits_pkey" primary key ("bucket"));`);

    this.addSql(`alter table "projects" add column "signing_secret" text null, add column "previous_signing_secret" text null, add column "previous_secret_expires_at" timestamptz(3) null;`);
    // Existing projects get a secret too: 32 bytes from two gen_random_uuid() values, which
    // PostgreSQL draws from its strong random source.
    this.addSql(`update "projects" set "signing_secret" = 'whsec_' || encode(decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'), 'base64');`);
    this.addSql(`alter table "projects" alter column "signing_secret" set not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "idempotency_keys" cascade;`);

    this.addSql(`drop table if exists "rate_limits" cascade;`);

    this.addSql(`alter table "projects" drop column "signing_secret", drop column "previous_signing_secret", drop column "previous_secret_expires_at";`);
  }

}
