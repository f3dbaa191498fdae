/**
 * Long loops on the thread that answers the UI, cut into slices of a few milliseconds (docs/performance.md, "CSV
 * import"): between two slices the event loop runs, so a request waits at most one slice, whatever the loop's length.
 * Cut by time, not by a count of items: an item's cost varies by three orders of magnitude between machines, files and
 * databases (2,000 rows of an import took 0.9 s at a million payouts).
 */
export const SLICE_MS = 5;

/**
 * One clock for every TimeSlices of this thread: the slice is the turn of the event loop, not the loop that asked.
 * With a clock per instance, steps that follow one another in one turn (the file's hash, the duplicate index, the
 * parse, the rows) each took their own 5 ms before yielding: 20–40 ms at the start of an import's commit. A turn's
 * slice opens at the first check in it, or when a loop resumes, and closes with the next check phase of the loop.
 */
let sliceStarted = 0;
let sliceOpen = false;

function openSlice(): void {
  sliceStarted = performance.now();
  if (sliceOpen) return;
  sliceOpen = true;
  setImmediate(() => {
    sliceOpen = false;
  });
}

export class TimeSlices {
  constructor(private readonly sliceMs = SLICE_MS) {
    if (!sliceOpen) openSlice();
  }

  /** Whether this turn's slice has run its time: then `next()` before the next item. */
  due(): boolean {
    if (!sliceOpen) openSlice();
    return performance.now() - sliceStarted >= this.sliceMs;
  }

  /** Lets the event loop run (after I/O and timers waiting), then starts a new slice. */
  async next(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    openSlice();
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
