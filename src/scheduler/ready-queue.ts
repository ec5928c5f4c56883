/**
 * Attempts that are due, waiting for a delivery slot. Each receiver origin may have at most
 * `perOrigin` attempts in flight and the process `total`, so memory stays flat however slow
 * the receivers are, and one receiver's backlog never holds up another's deliveries: slots
 * are handed out round-robin over the origins that have work waiting, in due order within each.
 */
export class ReadyQueue {
  /** Waiting ids per origin, in due order; an origin is present only while it has some. */
  private readonly waiting = new Map<string, string[]>();
  private readonly busy = new Map<string, number>();
  private inFlightTotal = 0;
  private waitingTotal = 0;

  constructor(
    private readonly perOrigin: number,
    private readonly total: number,
  ) {}

  get inFlight(): number {
    return this.inFlightTotal;
  }

  get size(): number {
    return this.waitingTotal;
  }

  add(id: string, origin: string): void {
    const queue = this.waiting.get(origin);
    if (queue) queue.push(id);
    else this.waiting.set(origin, [id]);
    this.waitingTotal += 1;
  }

  /** Takes up to `max` ids that may start now and counts them in flight. */
  take(max: number): Array<{ id: string; origin: string }> {
    const taken: Array<{ id: string; origin: string }> = [];
    for (const [origin, queue] of this.waiting) {
      if (taken.length >= max || this.inFlightTotal >= this.total) break;
      const busy = this.busy.get(origin) ?? 0;
      const count = Math.min(queue.length, this.perOrigin - busy, max - taken.length, this.total - this.inFlightTotal);
      if (count <= 0) continue;
      for (const id of queue.splice(0, count)) taken.push({ id, origin });
      this.busy.set(origin, busy + count);
      this.inFlightTotal += count;
      this.waitingTotal -= count;
      // Served: to the back of the line, behind origins that got nothing this time.
      this.waiting.delete(origin);
      if (queue.length > 0) this.waiting.set(origin, queue);
    }
    return taken;
  }

  /** An attempt taken by take() has ended (or was not started after all): its slot is free. */
  release(origin: string): void {
    const busy = (this.busy.get(origin) ?? 1) - 1;
    if (busy > 0) this.busy.set(origin, busy);
    else this.busy.delete(origin);
    this.inFlightTotal -= 1;
  }

  /** Ids taken but not started (the database was unreachable): first in line again, slots freed. */
  putBack(jobs: Array<{ id: string; origin: string }>): void {
    for (let i = jobs.length - 1; i >= 0; i--) {
      const { id, origin } = jobs[i];
      this.release(origin);
      const queue = this.waiting.get(origin);
      if (queue) queue.unshift(id);
      else this.waiting.set(origin, [id]);
      this.waitingTotal += 1;
    }
  }

  /** Forgets every waiting id (on stop; their claims are released in the database). */
  clear(): void {
    this.waiting.clear();
    this.waitingTotal = 0;
  }
}
