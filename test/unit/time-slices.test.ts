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

  it('shares one slice among the loops that follow one another in a turn, and opens a fresh one in the next turn', async () => {
    // A fresh turn: every earlier slice has closed.
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    const first = new TimeSlices(20);
    busy(12);
    expect(first.due()).toBe(false);
    // A second step of the same work in the same turn (a hash, then a parse): it has 8 ms left, not 20.
    const second = new TimeSlices(20);
    busy(10);
    expect(second.due()).toBe(true);
    // After a yield the turn is new and so is its slice, for both.
    await second.next();
    expect(second.due()).toBe(false);
    expect(first.due()).toBe(false);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    const later = new TimeSlices(20);
    expect(later.due()).toBe(false);
  });
});
