import { Migration } from '@mikro-orm/migrations';

/** What every key could do before keys had scopes (written out: a migration must not change with the code). */
const SCOPES_OF_EARLIER_KEYS = `'{jobs:read,jobs:write,schedules:read,schedules:write,endpoints:read,endpoints:write,logs:read}'`;

/** Projects have members with roles (the owner becomes its first OWNER); API keys have scopes and may expire. */
export class Migration20261202100000_members extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "project_members" ("project_id" uuid not null, "user_id" uuid not null, "role" text not null, "created_at" timestamptz(3) not null, constraint "project_members_pkey" primary key ("project_id", "user_id"));`);
    this.addSql(`create index "project_members_user_id_index" on "project_members" ("user_id");`);
    this.addSql(`alter table "project_members" add constraint "project_members_project_id_foreign" foreign key ("project_id") references "projects" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "project_members" add constraint "project_members_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);

    this.addSql(`insert into "project_members" ("project_id", "user_id", "role", "created_at") select "id", "owner_id", 'OWNER', "created_at" from "projects";`);
    this.addSql(`alter table "projects" drop constraint "projects_owner_id_foreign";`);
    this.addSql(`drop index "projects_owner_id_index";`);
    this.addSql(`alter table "projects" drop column "owner_id";`);

    this.addSql(`alter table "api_keys" add column "scopes" text[] not null default ${SCOPES_OF_EARLIER_KEYS}, add column "expires_at" timestamptz(3) null;`);
    this.addSql(`alter table "api_keys" alter column "scopes" drop default;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "projects" add column "owner_id" uuid null;`);
    // A project keeps its earliest owner (a project left without one is dropped with its memberships' table).
    this.addSql(`update "projects" p set "owner_id" = (select m."user_id" from "project_members" m where m."project_id" = p."id" and m."role" = 'OWNER' order by m."created_at" limit 1);`);
    this.addSql(`delete from "projects" where "owner_id" is null;`);
    this.addSql(`alter table "projects" alter column "owner_id" set not null;`);
    this.addSql(`alter table "projects" add constraint "projects_owner_id_foreign" foreign key ("owner_id") references "users" ("id") on update cascade on delete cascade;`);
    this.addSql(`create index "projects_owner_id_index" on "projects" ("owner_id");`);
    this.addSql(`drop table if exists "project_members" cascade;`);
    this.addSql(`alter table "api_keys" drop column "scopes", drop column "expires_at";`);
  }

}
