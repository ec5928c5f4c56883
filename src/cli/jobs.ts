import { readFile } from 'node:fs/promises';
import { JOB_STATUSES, type JobStatus, type ListedJob, type ScheduleJobInput } from '../client/index.js';
import type { Command } from './command.js';
import { jobDetails, jobLine } from './output.js';
import { UsageError } from './usage.js';

export const scheduleCommand: Command = {
  name: 'jobs schedule',
  options: {
    url: { type: 'string' },
    at: { type: 'string' },
    in: { type: 'string' },
    payload: { type: 'string' },
    title: { type: 'string' },
    label: { type: 'string', multiple: true },
    project: { type: 'string' },
    'idempotency-key': { type: 'string' },
  },
  positionals: 0,
  async run({ values, client, output, json }) {
    const url = values.url as string | undefined;
    if (!url) throw new UsageError('--url is required (where to POST)', this.name);
    if ((values.at === undefined) === (values.in === undefined)) throw new UsageError('exactly one of --at and --in is required', this.name);
    const input: ScheduleJobInput = {
      title: (values.title as string | undefined) ?? url,
      webhookUrl: url,
      fireAt: values.at as string | undefined,
      delay: values.in as string | undefined,
      payload: values.payload === undefined ? undefined : await payloadOf(values.payload as string, this.name),
      labels: labelsOf(values.label as string[] | undefined, '=', '--label', this.name),
      projectId: values.project as string | undefined,
    };
    const job = await client.scheduleJob(input, { idempotencyKey: values['idempotency-key'] as string | undefined });
    if (json) output.out(JSON.stringify(job));
    else output.out(`Scheduled ${job.id} for ${job.fireAt}: ${JSON.stringify(job.title)} → ${job.webhookUrl}`);
  },
};

export const listCommand: Command = {
  name: 'jobs list',
  options: {
    status: { type: 'string' },
    project: { type: 'string' },
    label: { type: 'string', multiple: true },
    search: { type: 'string' },
    limit: { type: 'string' },
  },
  positionals: 0,
  async run({ values, client, output, json }) {
    const status = values.status as string | undefined;
    if (status !== undefined && !(JOB_STATUSES as readonly string[]).includes(status.toUpperCase())) {
      throw new UsageError(`--status must be one of ${JOB_STATUSES.join(', ')}`, this.name);
    }
    const limit = values.limit === undefined ? 20 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a positive integer', this.name);
    const jobs: ListedJob[] = [];
    let total = 0;
    for await (const page of client.listJobs({
      status: status?.toUpperCase() as JobStatus | undefined,
      projectId: values.project as string | undefined,
      labels: labelsOf(values.label as string[] | undefined, '=', '--label', this.name),
      search: values.search as string | undefined,
      pageSize: Math.min(limit, 100),
    })) {
      total = page.totalCount;
      jobs.push(...page.jobs.slice(0, limit - jobs.length));
      if (jobs.length >= limit) break;
    }
    if (json) return output.out(JSON.stringify(jobs));
    if (jobs.length === 0) return output.out('No jobs.');
    for (const job of jobs) output.out(jobLine(job, output.colour));
    if (total > jobs.length) output.err(`(${jobs.length} of ${total}; --limit for more)`);
  },
};

export const getCommand: Command = {
  name: 'jobs get',
  options: {},
  positionals: 1,
  positionalName: '<id>',
  async run({ positionals, client, output, json }) {
    const job = await client.getJob(positionals[0]);
    if (json) output.out(JSON.stringify(job));
    else for (const line of jobDetails(job, output.colour)) output.out(line);
  },
};

export const cancelCommand: Command = {
  name: 'jobs cancel',
  options: {},
  positionals: 1,
  positionalName: '<id>',
  async run({ positionals, client, output, json }) {
    await client.cancelJob(positionals[0]);
    if (json) output.out(JSON.stringify({ id: positionals[0], status: 'CANCELLED' }));
    else output.out(`Cancelled ${positionals[0]}`);
  },
};

/** `--payload '{…}'` or `--payload @file.json`: a JSON object. */
async function payloadOf(value: string, command: string): Promise<Record<string, unknown>> {
  let text = value;
  if (value.startsWith('@')) {
    try {
      text = await readFile(value.slice(1), 'utf8');
    } catch (error) {
      throw new UsageError(`--payload: cannot read ${value.slice(1)} (${(error as NodeJS.ErrnoException).code ?? 'error'})`, command);
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--payload is not valid JSON: ${(error as Error).message}`, command);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new UsageError('--payload must be a JSON object', command);
  return parsed as Record<string, unknown>;
}

/** Repeated `key=value` flags as an object. */
function labelsOf(values: string[] | undefined, separator: string, flag: string, command: string): Record<string, string> | undefined {
  if (!values?.length) return undefined;
  const labels: Record<string, string> = {};
  for (const entry of values) {
    const at = entry.indexOf(separator);
    if (at <= 0) throw new UsageError(`${flag} must be key${separator}value, got ${JSON.stringify(entry)}`, command);
    labels[entry.slice(0, at)] = entry.slice(at + 1);
  }
  return labels;
}
