import type { AgendaBackend, NotificationChannel } from 'agenda';

/** Where Agenda keeps its window jobs: the PostgreSQL backend, or MongoDB with MONGODB_URL. */
export interface AgendaStore {
  readonly backend: AgendaBackend;
  /** How other instances hear of a window job at once; without one, Agenda finds it at its next poll. */
  readonly notificationChannel: NotificationChannel | undefined;
  /** The query Agenda's `unique()` upserts a window's job on. */
  windowQuery(windowStartMs: number): Record<string, unknown>;
  /** Whether an error from saving a window job means that another instance stored it first. */
  isAlreadyStored(error: unknown): boolean;
  /** 'ok' or 'down' for /healthz; undefined when the store is the service's PostgreSQL database, checked already. */
  health(timeoutMs: number): Promise<'ok' | 'down'> | undefined;
  close(): Promise<void>;
}
