import { describe, expect, it } from "vitest";
import { startPeriodicPass } from "./periodic-pass";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("startPeriodicPass", () => {
  it("never overlaps itself, waits everyMs after a pass but goes again at once after a full one, and reports errors", async () => {
    const starts: number[] = [];
    const ends: number[] = [];
    let running = 0;
    let overlapped = false;
    const errors: unknown[] = [];
    const results: number[] = [];
    const loop = startPeriodicPass({
      everyMs: 300,
      pass: async () => {
        starts.push(Date.now());
        running++;
        overlapped ||= running > 1;
        await sleep(20);
        running--;
        ends.push(Date.now());
        if (starts.length === 2) throw new Error("database blip");
        // The third pass is "full": more is waiting.
        return starts.length === 3 ? 100 : 0;
      },
      againAtOnce: (n) => n >= 100,
      onResult: (n) => results.push(n),
      onError: (error) => errors.push(error),
    });
    while (starts.length < 4) await sleep(20);
    await loop.stop();
    expect(overlapped).toBe(false);
    expect(errors).toHaveLength(1);
    expect(results.slice(0, 2)).toEqual([0, 100]);
    // Timers never fire early: an ordinary pass (or a failed one) is followed by a full wait.
    expect(starts[1]! - ends[0]!).toBeGreaterThanOrEqual(295);
    expect(starts[2]! - ends[1]!).toBeGreaterThanOrEqual(295);
    // After the full pass, the next one starts at once rather than 300 ms later.
    expect(starts[3]! - ends[2]!).toBeLessThan(200);
  });

  it("stop waits for the pass under way and starts no other", async () => {
    let finished = false;
    let calls = 0;
    const loop = startPeriodicPass({
      everyMs: 10,
      pass: async () => {
        calls++;
        await sleep(60);
        finished = true;
      },
    });
    await sleep(30);
    await loop.stop();
    expect(finished).toBe(true);
    const after = calls;
    await sleep(50);
    expect(calls).toBe(after);
  });

  it("wake starts a pass at once when idle, and once more right after a pass it interrupts, never two at a time", async () => {
    const starts: number[] = [];
    let running = 0;
    let overlapped = false;
    const t0 = Date.now();
    const loop = startPeriodicPass({
      everyMs: 60_000,
      pass: async () => {
        starts.push(Date.now() - t0);
        running++;
        overlapped ||= running > 1;
        await sleep(50);
        running--;
      },
    });
    loop.wake();
    while (starts.length < 1) await sleep(5);
    // Woken twice during the pass: one more pass after it, not two, and none beside it.
    loop.wake();
    loop.wake();
    while (starts.length < 2) await sleep(5);
    await sleep(150);
    await loop.stop();
    loop.wake();
    await sleep(20);
    expect(starts).toHaveLength(2);
    expect(overlapped).toBe(false);
    // Both long before the 60 s wait would have run them.
    expect(starts[1]!).toBeLessThan(1_000);
  });
});
