interface Pending<In, Out> {
  input: In;
  resolve: (output: Out) => void;
  reject: (error: unknown) => void;
}

export interface WriteBatcherOptions<In> {
  /** Batches written at the same time. */
  parallel: number;
  /** Most inputs in one batch. */
  maxItems: number;
  /** Most total size in one batch (a single larger input still goes, alone). */
  maxSize: number;
  size: (input: In) => number;
  /**
   * Whether a failed batch is worth writing again input by input: true for errors one bad
   * input can cause (a constraint, a value the database refuses), false for ones that would
   * fail every input alike or leave it unknown whether the batch was written (a lost
   * connection), which go to every caller as they are.
   */
  retryAlone: (error: unknown) => boolean;
  /** A batch starts no sooner than this after the one before (default 0: at once); writes in between share it. */
  minIntervalMs?: number;
}

/**
 * Writes that arrive while earlier ones are being written are gathered into the next
 * batch: under load many callers share one statement and one commit, while a caller alone
 * is written at once, with no added wait. `writeMany` returns one output per input, in
 * order. When a batch fails because of its data, each of its inputs is written again on
 * its own, so one bad input fails only its own caller.
 */
export class WriteBatcher<In, Out> {
  private readonly queue: Array<Pending<In, Out>> = [];
  private active = 0;
  private lastStart = 0;
  private waiting: NodeJS.Timeout | undefined;

  constructor(
    private readonly writeMany: (inputs: In[]) => Promise<Out[]>,
    private readonly options: WriteBatcherOptions<In>,
  ) {}

  write(input: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.active < this.options.parallel && this.queue.length > 0) {
      const wait = this.lastStart + (this.options.minIntervalMs ?? 0) - Date.now();
      if (wait > 0) {
        this.waiting ??= setTimeout(() => {
          this.waiting = undefined;
          this.pump();
        }, wait);
        return;
      }
      this.lastStart = Date.now();
      const batch = this.takeBatch();
      this.active += 1;
      void this.flush(batch).finally(() => {
        this.active -= 1;
        this.pump();
      });
    }
  }

  private takeBatch(): Array<Pending<In, Out>> {
    let count = 0;
    let size = 0;
    while (count < this.queue.length && count < this.options.maxItems) {
      const next = this.options.size(this.queue[count].input);
      if (count > 0 && size + next > this.options.maxSize) break;
      size += next;
      count += 1;
    }
    return this.queue.splice(0, count);
  }

  private async flush(batch: Array<Pending<In, Out>>): Promise<void> {
    try {
      const outputs = await this.writeMany(batch.map((pending) => pending.input));
      batch.forEach((pending, i) => pending.resolve(outputs[i]));
    } catch (error) {
      if (batch.length === 1 || !this.options.retryAlone(error)) return batch.forEach((pending) => pending.reject(error));
      await Promise.all(batch.map((pending) => this.writeMany([pending.input]).then(([output]) => pending.resolve(output), pending.reject)));
    }
  }
}
