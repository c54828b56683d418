/** Pacing a held-back client's run starts, by the clock alone (no services). */
import { AsyncLocalStorage } from "node:async_hooks";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createStartPacing, PACED_STARTS_PER_WINDOW, PACING_WINDOW_MS } from "./start-pacing";

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

/** Starts that count themselves in and wait until let go, as recording a run waits for its statement. */
function startsOf(pacing: ReturnType<typeof createStartPacing>) {
  const inside = new Map<string, number>();
  const releases: (() => void)[] = [];
  const start = (clientId: string) =>
    pacing.admit(clientId, async () => {
      inside.set(clientId, (inside.get(clientId) ?? 0) + 1);
      await new Promise<void>((resolve) => releases.push(resolve));
      return clientId;
    });
  return { start, inside: (clientId: string) => inside.get(clientId) ?? 0, releaseAll: () => releases.splice(0).forEach((release) => release()) };
}

describe("start pacing", () => {
  it("lets starts go at once while their client's starts are held back less than a second", async () => {
    const pacing = createStartPacing();
    pacing.held("brisk", 900);
    const { start, inside } = startsOf(pacing);
    for (let i = 0; i < 3 * PACED_STARTS_PER_WINDOW; i++) void start("brisk");
    void start("never-held");
    await vi.advanceTimersByTimeAsync(0);
    expect([inside("brisk"), inside("never-held")]).toEqual([3 * PACED_STARTS_PER_WINDOW, 1]);
  });

  it("takes a window's worth of a held-back client's starts together, the rest in later windows, and others' at once", async () => {
    let paced = 0;
    const pacing = createStartPacing({ onPaced: () => paced++ });
    pacing.held("flooding", 60_000);
    const { start, inside, releaseAll } = startsOf(pacing);
    const flooding = Array.from({ length: 2 * PACED_STARTS_PER_WINDOW + 6 }, () => start("flooding"));
    void start("other");
    await vi.advanceTimersByTimeAsync(0);
    expect([inside("flooding"), inside("other")]).toEqual([PACED_STARTS_PER_WINDOW, 1]);
    expect(paced).toBe(PACED_STARTS_PER_WINDOW + 6);

    await vi.advanceTimersByTimeAsync(PACING_WINDOW_MS - 1);
    expect(inside("flooding")).toBe(PACED_STARTS_PER_WINDOW);
    await vi.advanceTimersByTimeAsync(1);
    expect(inside("flooding")).toBe(2 * PACED_STARTS_PER_WINDOW);
    await vi.advanceTimersByTimeAsync(PACING_WINDOW_MS);
    expect(inside("flooding")).toBe(2 * PACED_STARTS_PER_WINDOW + 6);
    releaseAll();
    expect(await Promise.all(flooding)).toEqual(flooding.map(() => "flooding"));
  });

  it("keeps a caller starting one run after another within a window's worth from waiting at all", async () => {
    const pacing = createStartPacing();
    pacing.held("relayed", 60_000);
    const t0 = Date.now();
    for (let i = 0; i < PACED_STARTS_PER_WINDOW; i++) await pacing.admit("relayed", async () => vi.advanceTimersByTime(1));
    expect(Date.now() - t0).toBe(PACED_STARTS_PER_WINDOW);
  });

  it("lets a client's starts go at once again when its last hold says a new one would be held less than a second", async () => {
    const pacing = createStartPacing();
    pacing.held("catching-up", 1_500);
    const { start, inside } = startsOf(pacing);
    for (let i = 0; i < PACED_STARTS_PER_WINDOW + 1; i++) void start("catching-up");
    await vi.advanceTimersByTimeAsync(0);
    expect(inside("catching-up")).toBe(PACED_STARTS_PER_WINDOW);

    await vi.advanceTimersByTimeAsync(500);
    for (let i = 0; i < PACED_STARTS_PER_WINDOW + 1; i++) void start("catching-up");
    await vi.advanceTimersByTimeAsync(0);
    expect(inside("catching-up")).toBe(2 * PACED_STARTS_PER_WINDOW + 2);
  });

  it("fails a paced start as it failed, and goes on with the rest", async () => {
    const pacing = createStartPacing();
    pacing.held("flooding", 10_000);
    for (let i = 0; i < PACED_STARTS_PER_WINDOW; i++) void pacing.admit("flooding", () => Promise.resolve("first window"));
    const failing = pacing.admit("flooding", () => Promise.reject(new Error("client not found")));
    const next = pacing.admit("flooding", () => Promise.resolve("recorded"));
    const outcome = Promise.allSettled([failing, next]);
    await vi.advanceTimersByTimeAsync(PACING_WINDOW_MS);
    expect((await outcome).map((settled) => (settled.status === "fulfilled" ? settled.value : String(settled.reason)))).toEqual(["Error: client not found", "recorded"]);
  });

  it("runs a paced start in its caller's context (its span, its tenant)", async () => {
    const pacing = createStartPacing();
    pacing.held("flooding", 10_000);
    const caller = new AsyncLocalStorage<string>();
    const starts = Array.from({ length: PACED_STARTS_PER_WINDOW + 3 }, (_, i) => caller.run(`caller-${i}`, () => pacing.admit("flooding", async () => caller.getStore())));
    await vi.advanceTimersByTimeAsync(PACING_WINDOW_MS);
    expect(await Promise.all(starts)).toEqual(starts.map((_, i) => `caller-${i}`));
  });
});
