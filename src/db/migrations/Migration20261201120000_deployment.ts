import { Migration } from '@mikro-orm/migrations';

export class Migration20261201120000_deployment extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "deployment" ("id" uuid not null default gen_random_uuid(), "created_at" timestamptz(3) not null default now(), constraint "deployment_pkey" primary key ("id"));`);
    // Its one row: this database's deployment id, drawn once.
    this.addSql(`insert into "deployment" default values;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "deployment" cascade;`);
  }

}
