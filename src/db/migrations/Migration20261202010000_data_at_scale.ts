import { Migration } from '@mikro-orm/migrations';

/** Counters, indexes and columns that keep every read cheap however many jobs there are, and retention. */
export class Migration20261202010000_data_at_scale extends Migration {

  override async up(): Promise<void> {
    // Logs are read per project (newest first, by status): they carry their job's project.
    this.addSql(`alter table "delivery_attempts" add column "project_id" uuid null;`);
    this.addSql(`update "delivery_attempts" a set "project_id" = j."project_id" from "jobs" j where j."id" = a."job_id";`);
    this.addSql(`alter table "delivery_attempts" alter column "project_id" set not null;`);
    this.addSql(`create index "delivery_attempts_project_fired_idx" on "delivery_attempts" ("project_id", "fired_at" desc, "id" desc);`);
    this.addSql(`create index "delivery_attempts_project_status_fired_idx" on "delivery_attempts" ("project_id", "status", "fired_at" desc, "id" desc);`);

    // Lists continue after a cursor's (created_at, id): the id belongs in their indexes.
    this.addSql(`drop index "jobs_project_created_idx";`);
    this.addSql(`create index "jobs_project_created_idx" on "jobs" ("project_id", "created_at" desc, "id" desc);`);
    this.addSql(`drop index "jobs_project_status_created_idx";`);
    this.addSql(`create index "jobs_project_status_created_idx" on "jobs" ("project_id", "status", "created_at" desc, "id" desc);`);

    // Title search: a trigram index serves ILIKE '%term%'.
    this.addSql(`create extension if not exists pg_trgm;`);
    this.addSql(`create index "jobs_title_trgm_idx" on "jobs" using gin ("title" gin_trgm_ops);`);
    // Retention finds a project's oldest finished jobs without looking at the others.
    this.addSql(`create index "jobs_finished_idx" on "jobs" ("project_id", "updated_at") where "status" in ('SUCCESS', 'DEAD', 'CANCELLED');`);
    this.addSql(`alter table "projects" add column "retention_ms" bigint null;`);

    // Cursors are signed with a secret of the deployment's own (drawn by the first instance that needs it).
    this.addSql(`alter table "deployment" add column "secret" text null;`);

    // Jobs by project and status, kept by statement triggers as rows are inserted, change
    // status or are deleted; each backend writes its own slot, so that concurrent writers
    // rarely wait on one counter row.
    this.addSql(`create table "job_counts" ("project_id" uuid not null, "status" text not null, "slot" smallint not null, "n" bigint not null default 0, constraint "job_counts_pkey" primary key ("project_id", "status", "slot"));`);
    this.addSql(`insert into "job_counts" ("project_id", "status", "slot", "n") select "project_id", "status", 0, count(*) from "jobs" group by 1, 2;`);
    const add = (rows: string) => `insert into job_counts as c (project_id, status, slot, n)
        ${rows}
        order by 1, 2
        on conflict (project_id, status, slot) do update set n = c.n + excluded.n;`;
    const slot = '(pg_backend_pid() % 16)::smallint';
    this.addSql(`create function "job_counts_on_insert"() returns trigger language plpgsql as $$
      begin
        ${add(`select project_id, status, ${slot}, count(*) from new_rows group by 1, 2`)}
        return null;
      end $$;`);
    this.addSql(`create function "job_counts_on_delete"() returns trigger language plpgsql as $$
      begin
        ${add(`select project_id, status, ${slot}, -count(*) from old_rows group by 1, 2`)}
        return null;
      end $$;`);
    this.addSql(`create function "job_counts_on_update"() returns trigger language plpgsql as $$
      begin
        ${add(`select project_id, status, ${slot}, sum(d) from (
            select project_id, status, -1 as d from old_rows union all select project_id, status, 1 from new_rows
          ) changes group by 1, 2 having sum(d) <> 0`)}
        return null;
      end $$;`);
    this.addSql(`create trigger "jobs_count_insert" after insert on "jobs" referencing new table as new_rows for each statement execute function job_counts_on_insert();`);
    this.addSql(`create trigger "jobs_count_delete" after delete on "jobs" referencing old table as old_rows for each statement execute function job_counts_on_delete();`);
    this.addSql(`create trigger "jobs_count_update" after update on "jobs" referencing old table as old_rows new table as new_rows for each statement execute function job_counts_on_update();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger "jobs_count_update" on "jobs";`);
    this.addSql(`drop trigger "jobs_count_delete" on "jobs";`);
    this.addSql(`drop trigger "jobs_count_insert" on "jobs";`);
    this.addSql(`drop function "job_counts_on_update"(); drop function "job_counts_on_delete"(); drop function "job_counts_on_insert"();`);
    this.addSql(`drop table "job_counts";`);
    this.addSql(`alter table "deployment" drop column "secret";`);
    this.addSql(`alter table "projects" drop column "retention_ms";`);
    this.addSql(`drop index "jobs_finished_idx";`);
    this.addSql(`drop index "jobs_project_created_idx"; create index "jobs_project_created_idx" on "jobs" ("project_id", "created_at" desc);`);
    this.addSql(`drop index "jobs_project_status_created_idx"; create index "jobs_project_status_created_idx" on "jobs" ("project_id", "status", "created_at" desc);`);
    this.addSql(`drop index "jobs_title_trgm_idx";`);
    this.addSql(`drop index "delivery_attempts_project_status_fired_idx";`);
    this.addSql(`drop index "delivery_attempts_project_fired_idx";`);
    this.addSql(`alter table "delivery_attempts" drop column "project_id";`);
  }

}
