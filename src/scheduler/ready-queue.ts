/**
 * Attempts that are due, waiting for a delivery slot. Each receiver origin may have at most
 * `perOrigin` attempts in flight and the process `total`, so memory stays flat however slow
 * the receivers are, and one receiver's backlog never holds up another's deliveries: slots
 * are handed out round-robin over the origins that have work waiting, in due order within each.
 */
export class ReadyQueue<T extends { origin: string }> {
  /** Waiting attempts per origin, in due order; an origin is present only while it has some. */
  private readonly waiting = new Map<string, T[]>();
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

  add(item: T): void {
    const queue = this.waiting.get(item.origin);
    if (queue) queue.push(item);
    else this.waiting.set(item.origin, [item]);
    this.waitingTotal += 1;
  }

  /** Takes up to `max` attempts that may start now and counts them in flight. */
  take(max: number): T[] {
    const taken: T[] = [];
    for (const [origin, queue] of this.waiting) {
      if (taken.length >= max || this.inFlightTotal >= this.total) break;
      const busy = this.busy.get(origin) ?? 0;
      const count = Math.min(queue.length, this.perOrigin - busy, max - taken.length, this.total - this.inFlightTotal);
      if (count <= 0) continue;
      taken.push(...queue.splice(0, count));
      this.busy.set(origin, busy + count);
      this.inFlightTotal += count;
      this.waitingTotal -= count;
      // Served: to the back of the line, behind origins that got nothing this time.
      this.waiting.delete(origin);
      if (queue.length > 0) this.waiting.set(origin, queue);
    }
    return taken;
  }

  /**
   * Counts up to `max` attempts to `origin` in flight before they are chosen (an endpoint's
   * gate picks them in the database); returns how many. Unused ones go back with release().
   */
  reserve(origin: string, max: number): number {
    const count = Math.max(0, Math.min(max, this.perOrigin - (this.busy.get(origin) ?? 0), this.total - this.inFlightTotal));
    this.occupy(origin, count);
    return count;
  }

  /** Counts attempts in flight whatever the limits: ones that are started already (and send nothing). */
  occupy(origin: string, count: number): void {
    if (count <= 0) return;
    this.busy.set(origin, (this.busy.get(origin) ?? 0) + count);
    this.inFlightTotal += count;
  }

  /** An attempt taken by take() has ended (or was not started after all): its slot is free. */
  release(origin: string, count = 1): void {
    if (count <= 0) return;
    const busy = (this.busy.get(origin) ?? count) - count;
    if (busy > 0) this.busy.set(origin, busy);
    else this.busy.delete(origin);
    this.inFlightTotal -= count;
  }

  /** Attempts taken but not started (the database was unreachable): first in line again, slots freed. */
  putBack(items: T[]): void {
    for (let i = items.length - 1; i >= 0; i--) {
      const item = items[i];
      this.release(item.origin);
      const queue = this.waiting.get(item.origin);
      if (queue) queue.unshift(item);
      else this.waiting.set(item.origin, [item]);
      this.waitingTotal += 1;
    }
  }

  /** Forgets every waiting attempt (on stop; their claims are released in the database). */
  clear(): void {
    this.waiting.clear();
    this.waitingTotal = 0;
  }
}
