/** Exit codes of the dispatch command (documented in docs/cli.md). */
export const EXIT = {
  OK: 0,
  /** The service refused the request (bad input, unknown job, bad credentials, rate limited, …). */
  API_ERROR: 1,
  /** The command line itself is wrong: unknown command or flag, missing or bad value. */
  USAGE: 2,
  /** The service could not be reached, or the connection broke. */
  UNREACHABLE: 3,
} as const;

/** A mistake on the command line; the message names the flag or argument at fault. */
export class UsageError extends Error {
  override name = 'UsageError';
  constructor(message: string, readonly command: string) {
    super(message);
  }
}

const CONNECTION_HELP = `Connection (flags override the environment):
  --server <url>      the service's base URL          env DISPATCH_URL (default http://localhost:4000)
  --api-key <sk_…>    act as that key's project       env DISPATCH_API_KEY
  --token <token>     act as a user (session token)   env DISPATCH_TOKEN
  --json              machine-readable output on stdout
  -h, --help          this help`;

export const HELP: Record<string, string> = {
  dispatch: `dispatch: schedule webhooks and follow them live, from the command line.

Usage: dispatch <command> [options]

Commands:
  jobs schedule   schedule a webhook (--url, and --at or --in)
  jobs list       list jobs, newest first
  jobs get <id>   a job with its delivery log
  jobs cancel <id> cancel a scheduled job
  tail            follow status changes live until Ctrl-C

${CONNECTION_HELP}

Exit codes: 0 ok, 1 the service refused the request, 2 usage error, 3 service unreachable.
Run 'dispatch <command> --help' for a command's options.`,

  jobs: `Usage: dispatch jobs <schedule|list|get|cancel> [options]

  jobs schedule   schedule a webhook
  jobs list       list jobs, newest first
  jobs get <id>   a job with its delivery log
  jobs cancel <id> cancel a scheduled job

Run 'dispatch jobs <command> --help' for its options.`,

  'jobs schedule': `Usage: dispatch jobs schedule --url <webhook> (--at <ISO time> | --in <duration>) [options]

  --url <url>              where to POST (http or https)
  --at <time>              when, ISO 8601 UTC with Z: 2026-06-13T09:30:00.000Z
  --in <duration>          or how long from now: 90s, 15m, 2h, 1d, or milliseconds
  --payload <json|@file>   a JSON object, inline or from a file: --payload @body.json
  --title <text>           default: the webhook URL
  --label <key=value>      a label (repeatable)
  --project <id>           the project (with a session token; an API key implies its own)
  --idempotency-key <key>  the same key again returns the original job

${CONNECTION_HELP}`,

  'jobs list': `Usage: dispatch jobs list [options]

  --status <status>   SCHEDULED, FIRING, SUCCESS, FAILED, DEAD or CANCELLED
  --project <id>      one project's jobs
  --label <key=value> only jobs with this label (repeatable: all must match)
  --search <text>     titles containing this text
  --limit <n>         at most this many jobs (default 20)

${CONNECTION_HELP}`,

  'jobs get': `Usage: dispatch jobs get <id>

Shows a job and its delivery log (newest attempt first).

${CONNECTION_HELP}`,

  'jobs cancel': `Usage: dispatch jobs cancel <id>

Cancels a SCHEDULED job; any other state is refused (exit 1).

${CONNECTION_HELP}`,

  tail: `Usage: dispatch tail [--project <id>] [--job <id>] [--schedule <id>]

Prints one line per status change as it happens (time, lamp, status, attempt or retry,
job), until Ctrl-C. Without a filter: every project the credentials can see.
With --json: one event per line (NDJSON).

  --project <id>    one project's jobs
  --job <id>        one job
  --schedule <id>   one schedule's runs

${CONNECTION_HELP}`,
};
