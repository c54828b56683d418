/** Pacing a held-back client's run starts into turns, by the clock alone (no services). */
import { AsyncLocalStorage } from "node:async_hooks";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createStartTurns, STARTS_PER_TURN, TURN_EVERY_MS } from "./start-turns";

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

/** Starts that count themselves in and wait until let go, as recording a run waits for its statement. */
function startsOf(turns: ReturnType<typeof createStartTurns>) {
  const inside = new Map<string, number>();
  const releases: (() => void)[] = [];
  const start = (clientId: string) =>
    turns.admit(clientId, async () => {
      inside.set(clientId, (inside.get(clientId) ?? 0) + 1);
      await new Promise<void>((resolve) => releases.push(resolve));
      return clientId;
    });
  return { start, inside: (clientId: string) => inside.get(clientId) ?? 0, releaseAll: () => releases.splice(0).forEach((release) => release()) };
}

describe("start turns", () => {
  it("lets starts go at once while their client's starts are held back less than a second", async () => {
    const turns = createStartTurns();
    turns.held("brisk", 900);
    const { start, inside } = startsOf(turns);
    for (let i = 0; i < 100; i++) void start("brisk");
    void start("never-held");
    await vi.advanceTimersByTimeAsync(0);
    expect([inside("brisk"), inside("never-held")]).toEqual([100, 1]);
  });

  it("admits a held-back client's starts a statement's worth a turn, the next turn only after the last is recorded, and others' at once", async () => {
    const turns = createStartTurns();
    turns.held("flooding", 60_000);
    const { start, inside, releaseAll } = startsOf(turns);
    const flooding = Array.from({ length: STARTS_PER_TURN + 6 }, () => start("flooding"));
    void start("other");
    await vi.advanceTimersByTimeAsync(0);
    expect([inside("flooding"), inside("other")]).toEqual([0, 1]);

    await vi.advanceTimersByTimeAsync(TURN_EVERY_MS);
    expect(inside("flooding")).toBe(STARTS_PER_TURN);
    // Turns do not overlap: while the first turn's starts are being recorded, the rest wait however long it takes.
    await vi.advanceTimersByTimeAsync(5 * TURN_EVERY_MS);
    expect(inside("flooding")).toBe(STARTS_PER_TURN);

    releaseAll();
    await vi.advanceTimersByTimeAsync(TURN_EVERY_MS - 1);
    expect(inside("flooding")).toBe(STARTS_PER_TURN);
    await vi.advanceTimersByTimeAsync(1);
    expect(inside("flooding")).toBe(STARTS_PER_TURN + 6);
    releaseAll();
    expect(await Promise.all(flooding)).toEqual(flooding.map(() => "flooding"));
  });

  it("lets a client's starts go at once again when its last hold says a new one would be held less than a second", async () => {
    const turns = createStartTurns();
    turns.held("catching-up", 1_500);
    const { start, inside } = startsOf(turns);
    void start("catching-up");
    await vi.advanceTimersByTimeAsync(0);
    expect(inside("catching-up")).toBe(0);

    await vi.advanceTimersByTimeAsync(500);
    void start("catching-up");
    await vi.advanceTimersByTimeAsync(0);
    expect(inside("catching-up")).toBe(2);
  });

  it("fails a start in its turn as it failed, and goes on with the rest", async () => {
    const turns = createStartTurns();
    turns.held("flooding", 10_000);
    const failing = turns.admit("flooding", () => Promise.reject(new Error("client not found")));
    const next = turns.admit("flooding", () => Promise.resolve("recorded"));
    const outcome = Promise.allSettled([failing, next]);
    await vi.advanceTimersByTimeAsync(TURN_EVERY_MS);
    expect((await outcome).map((settled) => (settled.status === "fulfilled" ? settled.value : String(settled.reason)))).toEqual(["Error: client not found", "recorded"]);
  });

  it("runs a start in its turn in its caller's context (its span, its tenant), not the first waiter's", async () => {
    const turns = createStartTurns();
    turns.held("flooding", 10_000);
    const caller = new AsyncLocalStorage<string>();
    const starts = ["first", "second", "third"].map((name) => caller.run(name, () => turns.admit("flooding", async () => caller.getStore())));
    await vi.advanceTimersByTimeAsync(TURN_EVERY_MS);
    expect(await Promise.all(starts)).toEqual(["first", "second", "third"]);
  });
});
