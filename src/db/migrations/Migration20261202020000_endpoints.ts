import { Migration } from '@mikro-orm/migrations';

/** Anything that can hold an endpoint's attempts back (the same predicate as GATED in src/domain/endpoints/endpoint.store.ts). */
const GATED_ENDPOINT = `"paused" or "breaker_open" or "rate_limit" is not null or "parallelism" is not null or "retry_after_until" is not null`;

/** Receivers as endpoints: flow control, a circuit breaker, health by the minute, and alerts. */
export class Migration20261202020000_endpoints extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "endpoints" (
      "id" uuid not null default gen_random_uuid(), "project_id" uuid not null, "origin" text not null,
      "rate_limit" double precision null, "burst" int null, "parallelism" int null, "paused" boolean not null default false,
      "breaker_open" boolean not null default false, "consecutive_failures" int not null default 0, "opened_at" timestamptz(3) null,
      "probe_at" timestamptz(3) null, "backoff_ms" int null, "breaker_changed_at" timestamptz null, "retry_after_until" timestamptz(3) null,
      "tokens" double precision null, "tokens_at" timestamptz(3) null, "hold_reason" text null,
      "last_error" text null, "last_error_at" timestamptz(3) null,
      "created_at" timestamptz(3) not null default now(), "updated_at" timestamptz(3) not null default now(),
      constraint "endpoints_pkey" primary key ("id"));`);
    this.addSql(`alter table "endpoints" add constraint "endpoints_project_origin_unique" unique ("project_id", "origin");`);
    this.addSql(`alter table "endpoints" add constraint "endpoints_project_id_foreign" foreign key ("project_id") references "projects" ("id") on update cascade on delete cascade;`);
    // The endpoints whose attempts pass the gate: few, and read by every claim and start.
    this.addSql(`create index "endpoints_gated_idx" on "endpoints" ("id") where ${GATED_ENDPOINT};`);

    this.addSql(`create table "endpoint_minutes" (
      "endpoint_id" uuid not null, "minute" timestamptz(3) not null, "attempts" int not null default 0, "successes" int not null default 0, "failures" int not null default 0,
      "latency_buckets" int[] not null, constraint "endpoint_minutes_pkey" primary key ("endpoint_id", "minute"));`);

    this.addSql(`alter table "jobs" add column "endpoint_id" uuid null, add column "held_ms" int null, add column "held_reason" text null;`);
    this.addSql(`alter table "schedules" add column "endpoint_id" uuid null;`);
    // An endpoint's earliest due jobs, whoever claimed them: what its gate starts next.
    this.addSql(`create index "jobs_endpoint_due_idx" on "jobs" ("endpoint_id", "next_attempt_at") where "status" = 'SCHEDULED';`);
    // In-flight attempts per endpoint (parallelism) and expired leases (the reconciler) from one small index.
    this.addSql(`drop index "jobs_firing_lease_idx";`);
    this.addSql(`create index "jobs_firing_idx" on "jobs" ("endpoint_id", "lease_expires_at") where "status" = 'FIRING';`);

    this.addSql(`alter table "projects" add column "alert_webhook_url" text null;`);

    // Jobs still to fire and schedules get the endpoint of their URL, so limits set later
    // hold them too. The origin is the URL's scheme and authority, lower-cased, without a
    // default port: what the service computes (new URL(url).origin) for the URLs it accepts.
    const origin = (column: string) =>
      `regexp_replace(lower(substring(${column} from '^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*')), '^(https://.*):443$|^(http://.*):80$', '\\1\\2')`;
    this.addSql(`insert into "endpoints" ("project_id", "origin")
      select distinct project_id, ${origin('webhook_url')} from jobs where status in ('SCHEDULED', 'FIRING')
      union select distinct project_id, ${origin('webhook_url')} from schedules
      on conflict do nothing;`);
    this.addSql(`update "jobs" j set "endpoint_id" = e.id from "endpoints" e
      where j.status in ('SCHEDULED', 'FIRING') and e.project_id = j.project_id and e.origin = ${origin('j.webhook_url')};`);
    this.addSql(`update "schedules" s set "endpoint_id" = e.id from "endpoints" e where e.project_id = s.project_id and e.origin = ${origin('s.webhook_url')};`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "projects" drop column "alert_webhook_url";`);
    this.addSql(`drop index "jobs_firing_idx";`);
    this.addSql(`create index "jobs_firing_lease_idx" on "jobs" ("lease_expires_at") where "status" = 'FIRING';`);
    this.addSql(`drop index "jobs_endpoint_due_idx";`);
    this.addSql(`alter table "schedules" drop column "endpoint_id";`);
    this.addSql(`alter table "jobs" drop column "endpoint_id", drop column "held_ms", drop column "held_reason";`);
    this.addSql(`drop table "endpoint_minutes";`);
    this.addSql(`drop table "endpoints";`);
  }

}
