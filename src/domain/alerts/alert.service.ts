import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { executorOf, rowsOf } from '../../db/sql.js';
import type { EndpointAlerts, EndpointChange } from '../endpoints/endpoint.service.js';
import { NO_OPTIONS } from '../jobs/delivery-options.js';
import type { CompletedAttempt, JobRecord, NewJob } from '../jobs/job.store.js';

/** The alert events (Standard Webhooks event types). */
export type AlertEvent = 'job.dead' | 'endpoint.opened' | 'endpoint.closed' | 'endpoint.paused';

/** The label every alert job carries, with its event type: how the list tells alerts apart, and why a dead alert raises none. */
export const ALERT_LABEL = 'dispatch.alert';

interface Alert {
  projectId: string;
  type: AlertEvent;
  data: Record<string, unknown>;
}

/**
 * Sends a project's alerts to its alert webhook. An alert is an ordinary job of the project
 * (signed, retried and logged like any delivery) whose title is the event type and whose
 * payload is the Standard Webhooks event `{ type, timestamp, data }`. It belongs to no
 * endpoint, so no endpoint's flow control or breaker holds it back: not even the one it
 * reports on. Only the process that made a change raises its alert, so each goes once.
 */
export class AlertService implements EndpointAlerts {
  constructor(
    private readonly em: () => EntityManager,
    private readonly insert: (jobs: NewJob[]) => Promise<JobRecord[]>,
    private readonly log: Logger,
  ) {}

  /** Jobs this process completed: a DEAD one (not itself an alert) raises job.dead. */
  jobsCompleted(completed: CompletedAttempt[]): void {
    const dead = completed.filter((job) => job.status === 'DEAD' && job.labels[ALERT_LABEL] === undefined);
    if (dead.length === 0) return;
    this.raise(dead.map((job) => ({
      projectId: job.projectId,
      type: 'job.dead',
      data: { jobId: job.id, title: job.title, webhookUrl: job.webhookUrl, attempts: job.attempt, scheduleId: job.scheduleId, labels: job.labels },
    })));
  }

  endpointChanged(type: 'endpoint.opened' | 'endpoint.closed' | 'endpoint.paused', change: EndpointChange): void {
    this.raise([{ projectId: change.projectId, type, data: { endpointId: change.endpointId, origin: change.origin, state: change.state } }]);
  }

  private raise(alerts: Alert[]): void {
    this.send(alerts).catch((error) => this.log.error({ err: error, alerts: alerts.length }, 'could not raise alerts'));
  }

  private async send(alerts: Alert[]): Promise<void> {
    const projectIds = [...new Set(alerts.map((alert) => alert.projectId))];
    const rows = await rowsOf(executorOf(this.em), 'select id, alert_webhook_url as url from projects where id = any(?::uuid[]) and alert_webhook_url is not null', [
      `{${projectIds.join(',')}}`,
    ]);
    const urls = new Map(rows.map((row) => [row.id as string, row.url as string]));
    const now = new Date();
    const jobs: NewJob[] = alerts.flatMap((alert) => {
      const webhookUrl = urls.get(alert.projectId);
      if (!webhookUrl) return [];
      const payload = JSON.stringify({ type: alert.type, timestamp: now.toISOString(), data: alert.data });
      return [{
        projectId: alert.projectId, title: alert.type, webhookUrl, payload, fireAt: now, options: NO_OPTIONS, expiresAt: null,
        labels: { [ALERT_LABEL]: alert.type }, replayOf: null, endpointId: null,
      }];
    });
    if (jobs.length > 0) await this.insert(jobs);
  }
}
