import type { Logger } from 'pino';
import type { WebhookClient } from '../delivery/webhook-client.js';
import type { JobEventPublisher } from '../domain/jobs/job-events.js';
import type { DeliveryOptions } from '../domain/jobs/delivery-options.js';
import type { JobArmer } from '../domain/jobs/job.service.js';
import type { JobStore } from '../domain/jobs/job.store.js';
import { AgendaDriver, windowStart, WINDOW_MS } from './agenda-driver.js';
import { Firer, LEASE_GRACE_MS, type FirerOptions } from './firer.js';
import { Reconciler } from './reconciler.js';
import { retryDelayMs } from './retry-policy.js';

/**
 * Jobs due sooner than this get their Agenda window job when scheduled. Above the
 * reconciler's period (5 s) plus the claim lead (2 s) and Agenda's poll (1 s), so a later
 * job's window job is always written by a pass well before it is claimed.
 */
const ARM_NOW_WITHIN_MS = 15_000;

export interface SchedulerOptions extends FirerOptions {
  databaseUrl: string;
  mongodbUrl: string | undefined;
  /** This deployment's id (see src/db/deployment.ts). */
  deploymentId: string;
  /** Whether this process fires (ROLE all or worker). */
  fires: boolean;
  reconcileIntervalMs?: number;
  /** Creates the runs of schedules that are due (SchedulePlanner.planDue), on every reconciler pass. */
  planSchedules: () => Promise<unknown>;
}

/**
 * Puts Agenda, the Firer and the Reconciler together and arms new jobs: a job due within
 * the claim lead is claimed straight away by a firing process (one UPDATE, exact timer);
 * anything later, or scheduled on an API-only process, waits for its window's Agenda job.
 */
export class Scheduler implements JobArmer {
  readonly firer: Firer;
  private readonly agenda: AgendaDriver;
  private readonly reconciler: Reconciler;

  constructor(
    private readonly store: JobStore,
    client: WebhookClient,
    events: JobEventPublisher,
    private readonly options: SchedulerOptions,
    private readonly log: Logger,
  ) {
    this.agenda = new AgendaDriver({
      databaseUrl: options.databaseUrl,
      mongodbUrl: options.mongodbUrl,
      deploymentId: options.deploymentId,
      runJobs: options.fires,
      lockLifetimeMs: Math.max(60_000, options.deliveryTimeoutMs + LEASE_GRACE_MS),
      log,
    });
    this.firer = new Firer(store, client, events, options, log, (dueAt) => this.agenda.ensureWindow(dueAt));
    const settle = async () => {
      const retryAt = (retry: number, job: Pick<DeliveryOptions, 'retryDelaysMs' | 'retryMaxDelayMs'>) =>
        new Date(Date.now() + retryDelayMs(retry, job.retryDelaysMs ?? options.retryDelaysMs, job.retryMaxDelayMs ?? options.retryMaxDelayMs));
      this.firer.published(await store.settleAbandoned(retryAt, options.maxAttempts, this.firer.unwritten));
    };
    this.reconciler = new Reconciler(store, this.firer, (dueAt) => this.agenda.ensureWindow(dueAt), settle, options.planSchedules, log, options.reconcileIntervalMs);
  }

  /**
   * A job due within the claim lead is claimed at once by a firing process (one UPDATE,
   * exact timer); one due within ARM_NOW_WITHIN_MS gets its Agenda window job now; a later
   * one gets it from a reconciler pass, which looks a minute ahead every few seconds, so
   * scheduling far ahead costs one INSERT and no Agenda write.
   *
   * Never throws: the job rows are already committed, so the client must hear that they
   * were scheduled. Anything not armed here (database or Agenda store unreachable, process
   * stopping) is armed by a reconciler pass before it is due.
   */
  async armNew(jobs: Array<{ id: string; dueAt: Date }>): Promise<void> {
    try {
      const near = this.options.fires ? jobs.filter((job) => AgendaDriver.isNear(job.dueAt)) : [];
      await this.firer.claimIds(near.map((job) => job.id));
      const soon = jobs.filter((job) => !near.includes(job) && job.dueAt.getTime() - Date.now() < ARM_NOW_WITHIN_MS);
      for (const window of new Set(soon.map((job) => windowStart(job.dueAt)))) await this.agenda.ensureWindow(new Date(window));
    } catch (error) {
      this.log.warn({ err: error, jobs: jobs.length }, 'could not arm new jobs now; the reconciler will');
    }
  }

  /** Agenda's store answering, when it is not the service's PostgreSQL database (MONGODB_URL). */
  agendaStoreHealth(timeoutMs: number): Promise<'ok' | 'down'> | undefined {
    return this.agenda.health(timeoutMs);
  }

  async start(): Promise<void> {
    await this.agenda.start(async (window) => {
      // A failed claim is not retried through Agenda: the reconciler claims due work itself.
      await this.firer.claimDue(new Date(window + WINDOW_MS)).catch((error) => this.log.warn({ err: error, window }, 'window claim failed'));
    });
    if (this.options.fires) await this.reconciler.start();
  }

  async stop(): Promise<void> {
    await this.reconciler.stop();
    await this.firer.stop();
    await this.agenda.stop();
  }
}
