import { Migration } from '@mikro-orm/migrations';

export class Migration20261202000000_job_control extends Migration {

  override async up(): Promise<void> {
    // Payloads are kept as the client's own JSON text from now on; the jsonb text of older
    // rows is their best copy.
    this.addSql(`alter table "jobs" alter column "payload" type text using "payload"::text;`);
    this.addSql(`alter table "jobs" add column "max_attempts" smallint null, add column "retry_delays_ms" integer[] null, add column "retry_max_delay_ms" int null, add column "timeout_ms" int null, add column "headers" jsonb null, add column "expires_at" timestamptz(3) null, add column "labels" jsonb not null default '{}', add column "replay_of" uuid null;`);
    this.addSql(`create index "jobs_labels_idx" on "jobs" using gin ("labels" jsonb_path_ops) where "labels" <> '{}';`);

    this.addSql(`alter table "schedules" alter column "payload" type text using "payload"::text;`);
    this.addSql(`alter table "schedules" add column "max_attempts" smallint null, add column "retry_delays_ms" integer[] null, add column "retry_max_delay_ms" int null, add column "timeout_ms" int null, add column "headers" jsonb null, add column "labels" jsonb not null default '{}';`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "jobs_labels_idx";`);
    this.addSql(`alter table "jobs" drop column "max_attempts", drop column "retry_delays_ms", drop column "retry_max_delay_ms", drop column "timeout_ms", drop column "headers", drop column "expires_at", drop column "labels", drop column "replay_of";`);
    this.addSql(`alter table "jobs" alter column "payload" type jsonb using "payload"::jsonb;`);
    this.addSql(`alter table "schedules" drop column "max_attempts", drop column "retry_delays_ms", drop column "retry_max_delay_ms", drop column "timeout_ms", drop column "headers", drop column "labels";`);
    this.addSql(`alter table "schedules" alter column "payload" type jsonb using "payload"::jsonb;`);
  }

}
