/**
 * TimeSlices (src-main/workers/time-slices.ts): a long loop on the main thread lets the event loop run between slices
 * of its own time, keeps every item in order, and does not yield at all while a slice has time left.
 */
import { describe, expect, it } from 'vitest';
import { TimeSlices } from '../../src-main/workers/time-slices';

/** Busy for about `ms` (an item whose cost the loop cannot know in advance). */
const busy = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

describe('TimeSlices', () => {
  it('lets waiting callbacks run between slices and maps every item in order', async () => {
    let ran = 0;
    const timer = setInterval(() => (ran += 1), 0);
    const slices = new TimeSlices(5);
    const out = await slices.map(
      Array.from({ length: 40 }, (_, i) => i),
      (n, index) => {
        busy(1);
        return n * 2 + index;
      },
    );
    clearInterval(timer);
    expect(out).toEqual(Array.from({ length: 40 }, (_, i) => i * 3));
    // 40 ms of work in 5 ms slices: the timer ran between them, not only after the loop.
    expect(ran).toBeGreaterThanOrEqual(3);
  });

  it('runs a loop that fits in one slice without yielding', async () => {
    let ran = 0;
    setImmediate(() => (ran += 1));
    const out = await new TimeSlices(10_000).map([1, 2, 3], (n) => n + 1);
    expect(out).toEqual([2, 3, 4]);
    expect(ran).toBe(0);
  });
});
