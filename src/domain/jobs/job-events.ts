import { EventEmitter } from 'node:events';
import type { JobStatusChange } from './job-status.js';

/** Where status changes go once they are committed; subscribers hear them in order per job. */
export interface JobEventPublisher {
  publish(changes: JobStatusChange[]): void;
}

/** In-process fan-out of status changes. */
export class LocalJobEvents implements JobEventPublisher {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  publish(changes: JobStatusChange[]): void {
    for (const change of changes) this.emitter.emit('change', change);
  }

  subscribe(listener: (change: JobStatusChange) => void): () => void {
    this.emitter.on('change', listener);
    return () => this.emitter.off('change', listener);
  }

  get listenerCount(): number {
    return this.emitter.listenerCount('change');
  }
}
