import type { Command } from './command.js';
import { eventLine } from './output.js';

export const tailCommand: Command = {
  name: 'tail',
  options: {
    project: { type: 'string' },
    job: { type: 'string' },
    schedule: { type: 'string' },
  },
  positionals: 0,
  async run({ values, client, output, json, interrupted }) {
    const filter = { projectId: values.project as string | undefined, jobId: values.job as string | undefined, scheduleId: values.schedule as string | undefined };
    const subscription = client.subscribe(filter);
    void interrupted.then(() => subscription.close());
    // To stderr, so that stdout carries only the events (and stays NDJSON with --json).
    void subscription.connected.then(
      () => output.err(`Following ${describe(filter)} (Ctrl-C to stop)`),
      () => undefined,
    );
    for await (const event of subscription) {
      output.out(json ? JSON.stringify(event) : eventLine(event, output.colour));
    }
  },
};

function describe(filter: { projectId?: string; jobId?: string; scheduleId?: string }): string {
  const parts = [filter.jobId && `job ${filter.jobId}`, filter.projectId && `project ${filter.projectId}`, filter.scheduleId && `schedule ${filter.scheduleId}`].filter(Boolean);
  return parts.length ? parts.join(', ') : 'every project';
}
