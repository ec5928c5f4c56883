import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Logger } from 'pino';
import type { EndpointChange } from '../domain/endpoints/endpoint.service.js';
import type { JobStatusChange } from '../domain/jobs/job-status.js';
import { WriteBatcher } from './write-batcher.js';

/** What crosses between processes: status changes, credentials that just ended or whose access changed, and endpoint changes. */
export type RelayMessage =
  | { changes: JobStatusChange[] }
  | { credentialEnded: string }
  | { accessChanged: string }
  | { endpointChanged: EndpointChange };

const CHANNEL = 'dispatch_events';
/** Notifications go out at most this often (what the other processes' subscribers wait at most, on top). */
const RELAY_INTERVAL_MS = 20;
/** PostgreSQL's NOTIFY payload limit is 8000 bytes; stay clear of it. */
const MAX_PAYLOAD = 7_500;
const NOTIFY = 'select pg_notify($1, payload) from json_array_elements_text($2::json) as payload';

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
  /** One statement at a time, carrying everything queued since the last, so changes keep their order. */
  private readonly outbox = new WriteBatcher<RelayMessage, void>((messages) => this.send(messages), {
    parallel: 1,
    maxItems: 10_000,
    maxSize: Number.POSITIVE_INFINITY,
    size: () => 1,
    retryAlone: () => false,
    // Each NOTIFY statement is a transaction of its own: under load, one every RELAY_INTERVAL_MS carries all.
    minIntervalMs: RELAY_INTERVAL_MS,
  });
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

  /**
   * Sends a message to the other processes. Messages queued while a statement is out go
   * together in the next one (one NOTIFY per 7,500 bytes), so a busy process sends a few
   * notifications per round trip rather than one per job.
   */
  publish(message: RelayMessage): void {
    if (this.client) void this.outbox.write(message);
  }

  /** Never fails: a lost notification is logged (subscribers elsewhere miss it; nothing else depends on it). */
  private async send(messages: RelayMessage[]): Promise<void[]> {
    const changes = messages.flatMap((message) => ('changes' in message ? message.changes : []));
    const merged = [...messages.filter((message) => !('changes' in message)), ...(changes.length > 0 ? [{ changes }] : [])];
    try {
      // The payloads travel as one JSON array: the driver would escape a text[] literal a
      // character at a time in JavaScript (measured at 2 % of the service's time creating
      // jobs in batches), JSON.stringify is native. Prepared once per connection.
      await this.client?.query({ name: 'dispatch_notify', text: NOTIFY, values: [CHANNEL, JSON.stringify(merged.flatMap((message) => this.encode(message)))] });
    } catch (error) {
      this.log.warn({ err: error }, 'event relay notify failed');
    }
    return messages.map(() => undefined);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.client?.end().catch(() => undefined);
  }

  /**
   * Payloads are `<origin>\n<json>`: a process recognises (and skips) its own notifications,
   * which PostgreSQL delivers back to it, without parsing them. Each change is serialised
   * once, and changes are packed up to MAX_PAYLOAD bytes (they are ASCII: ids, states, times).
   */
  private encode(message: RelayMessage): string[] {
    const prefix = `${this.origin}\n`;
    if (!('changes' in message)) return [prefix + JSON.stringify(message)];
    const payloads: string[] = [];
    let parts: string[] = [];
    let size = 0;
    const pack = () => payloads.push(`${prefix}{"changes":[${parts.join(',')}]}`);
    for (const change of message.changes) {
      const part = JSON.stringify(change);
      if (parts.length > 0 && size + part.length + 1 > MAX_PAYLOAD) {
        pack();
        parts = [];
        size = 0;
      }
      parts.push(part);
      size += part.length + 1;
    }
    if (parts.length > 0) pack();
    return payloads;
  }

  private onNotification(payload: string | undefined): void {
    if (!payload || payload.startsWith(this.origin)) return;
    try {
      const message = JSON.parse(payload.slice(payload.indexOf('\n') + 1)) as RelayMessage;
      if ('changes' in message) for (const change of message.changes) change.at = new Date(change.at);
      if ('endpointChanged' in message) message.endpointChanged.at = new Date(message.endpointChanged.at);
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
