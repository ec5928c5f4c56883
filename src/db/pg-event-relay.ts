import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Logger } from 'pino';
import type { JobStatusChange } from '../domain/jobs/job-status.js';

/** What crosses between processes: status changes, and credentials that just ended. */
export type RelayMessage = { changes: JobStatusChange[] } | { credentialEnded: string };

const CHANNEL = 'dispatch_events';
/** PostgreSQL's NOTIFY payload limit is 8000 bytes; stay clear of it. */
const MAX_PAYLOAD = 7_500;

/**
 * Carries events to the other Dispatch processes on the same database with LISTEN/NOTIFY.
 * Payloads hold ids and statuses only (subscribers load the job themselves). One
 * connection sends and listens, so this process's notifications go out in order; our own
 * notifications coming back are ignored (local subscribers already had them).
 */
export class PgEventRelay {
  private client: pg.Client | undefined;
  private readonly origin = randomUUID();
  private stopped = false;
  private retryMs = 250;

  constructor(
    private readonly databaseUrl: string,
    private readonly receive: (message: RelayMessage) => void,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl });
    client.on('error', (error) => this.log.warn({ err: error }, 'event relay connection lost'));
    client.on('end', () => this.reconnectLater(client));
    client.on('notification', (n) => this.onNotification(n.payload));
    await client.connect();
    await client.query(`listen ${CHANNEL}`);
    this.client = client;
    this.retryMs = 250;
  }

  publish(message: RelayMessage): void {
    const client = this.client;
    if (!client) return;
    for (const payload of this.encode(message)) {
      client.query('select pg_notify($1, $2)', [CHANNEL, payload]).catch((error) => this.log.warn({ err: error }, 'event relay notify failed'));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.client?.end().catch(() => undefined);
  }

  private encode(message: RelayMessage): string[] {
    if (!('changes' in message)) return [JSON.stringify({ o: this.origin, ...message })];
    const payloads: string[] = [];
    let batch: JobStatusChange[] = [];
    let size = 0;
    for (const change of message.changes) {
      const length = JSON.stringify(change).length + 1;
      if (batch.length > 0 && size + length > MAX_PAYLOAD) {
        payloads.push(JSON.stringify({ o: this.origin, changes: batch }));
        batch = [];
        size = 0;
      }
      batch.push(change);
      size += length;
    }
    if (batch.length > 0) payloads.push(JSON.stringify({ o: this.origin, changes: batch }));
    return payloads;
  }

  private onNotification(payload: string | undefined): void {
    if (!payload) return;
    try {
      const { o, ...message } = JSON.parse(payload) as RelayMessage & { o: string };
      if (o === this.origin) return;
      if ('changes' in message) for (const change of message.changes) change.at = new Date(change.at);
      this.receive(message);
    } catch (error) {
      this.log.warn({ err: error }, 'unreadable event relay payload');
    }
  }

  private reconnectLater(client: pg.Client): void {
    if (this.stopped || client !== this.client) return;
    this.client = undefined;
    setTimeout(() => {
      if (this.stopped) return;
      this.start().catch((error) => {
        this.log.warn({ err: error }, 'event relay reconnect failed');
        this.retryMs = Math.min(this.retryMs * 2, 5_000);
        this.client = client;
        this.reconnectLater(client);
      });
    }, this.retryMs).unref();
  }
}
