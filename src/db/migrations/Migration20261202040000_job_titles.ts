import { Migration } from '@mikro-orm/migrations';

/**
 * Title search moves to `job_titles` (see the entity): every status change of a job no
 * longer writes a trigram index entry. Statement triggers keep it in step with `jobs` as
 * rows are inserted, deleted (retention) or retitled (an edit), so no code path writes it.
 */
export class Migration20261202040000_job_titles extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "job_titles" ("job_id" uuid not null, "project_id" uuid not null, "title" text not null, constraint "job_titles_pkey" primary key ("job_id"));`);
    this.addSql(`insert into "job_titles" ("job_id", "project_id", "title") select "id", "project_id", "title" from "jobs";`);
    this.addSql(`create index "job_titles_trgm_idx" on "job_titles" using gin ("title" gin_trgm_ops);`);
    this.addSql(`drop index "jobs_title_trgm_idx";`);
    this.addSql(`create function "job_titles_on_insert"() returns trigger language plpgsql as $$
      begin
        insert into job_titles (job_id, project_id, title) select id, project_id, title from new_rows;
        return null;
      end $$;`);
    this.addSql(`create function "job_titles_on_delete"() returns trigger language plpgsql as $$
      begin
        delete from job_titles t using old_rows o where t.job_id = o.id;
        return null;
      end $$;`);
    // A row trigger: transition tables cannot go with a column list, and a title changes only by an edit.
    this.addSql(`create function "job_titles_on_retitle"() returns trigger language plpgsql as $$
      begin
        update job_titles set title = new.title where job_id = new.id;
        return null;
      end $$;`);
    this.addSql(`create trigger "jobs_titles_insert" after insert on "jobs" referencing new table as new_rows for each statement execute function job_titles_on_insert();`);
    this.addSql(`create trigger "jobs_titles_delete" after delete on "jobs" referencing old table as old_rows for each statement execute function job_titles_on_delete();`);
    this.addSql(`create trigger "jobs_titles_retitle" after update of "title" on "jobs" for each row when (old.title is distinct from new.title) execute function job_titles_on_retitle();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger "jobs_titles_retitle" on "jobs"; drop trigger "jobs_titles_delete" on "jobs"; drop trigger "jobs_titles_insert" on "jobs";`);
    this.addSql(`drop function "job_titles_on_retitle"(); drop function "job_titles_on_delete"(); drop function "job_titles_on_insert"();`);
    this.addSql(`create index "jobs_title_trgm_idx" on "jobs" using gin ("title" gin_trgm_ops);`);
    this.addSql(`drop table "job_titles";`);
  }

}
