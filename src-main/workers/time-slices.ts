/**
 * Long loops on the thread that answers the UI, cut into slices of a few milliseconds (docs/performance.md, "CSV
 * import"): between two slices the event loop runs, so a request waits at most one slice, whatever the loop's length.
 * Cut by time, not by a count of items: an item's cost varies by three orders of magnitude between machines, files and
 * databases (2,000 rows of an import took 0.9 s at a million payouts).
 */
export const SLICE_MS = 5;

export class TimeSlices {
  private started = performance.now();

  constructor(private readonly sliceMs = SLICE_MS) {}

  /** Whether this slice has run its time: then `next()` before the next item. */
  due(): boolean {
    return performance.now() - this.started >= this.sliceMs;
  }

  /** Lets the event loop run (after I/O and timers waiting), then starts a new slice. */
  async next(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.started = performance.now();
  }

  /** `fn` over every item in order, yielding between slices. */
  async map<T, R>(items: readonly T[], fn: (item: T, index: number) => R): Promise<R[]> {
    const out: R[] = new Array<R>(items.length);
    for (let i = 0; i < items.length; i += 1) {
      if (this.due()) await this.next();
      out[i] = fn(items[i]!, i);
    }
    return out;
  }
}
