/**
 * The live event stream end to end: real triggers, real NOTIFY, one hub, a
 * stream per actor. Another tenant's run or approval must never reach a stream,
 * nor a sibling client's reach a client user's.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contextFor, startAndRun, useApiTenants } from "../test/harness";
import { liveEventsResponse } from "./live-events-response";
import { createLiveHub, inScope, type TLiveHub } from "./live-hub";

const state = useApiTenants();
let hub: TLiveHub;

beforeAll(async () => {
  hub = createLiveHub({ connectionString: state.t.appUrl });
  await hub.ready;
});
afterAll(async () => {
  await hub?.close();
});

interface TFrame {
  event: string;
  data: Record<string, unknown>;
}

/** Reads a stream's frames into `frames` until it ends. */
function collect(response: Response): { frames: TFrame[]; done: Promise<void> } {
  const frames: TFrame[] = [];
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const done = (async () => {
    let buffer = "";
    for (;;) {
      const { value, done: ended } = await reader.read();
      if (ended) return;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.+)$/m.exec(block)?.[1];
        const data = /^data: (.+)$/m.exec(block)?.[1];
        if (event && data) frames.push({ event, data: JSON.parse(data) as Record<string, unknown> });
      }
    }
  })();
  return { frames, done };
}

async function until(check: () => boolean, what: string) {
  for (let i = 0; i < 100; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function streamAs(user: { id: string; email: string } | null, signal: AbortSignal, lifetimeMs?: number) {
  const context = await contextFor({ db: state.t.db, adminDb: state.t.adminDb, store: state.store, user });
  return liveEventsResponse({ context, hub, signal, lifetimeMs });
}

describe("live events", () => {
  it("refuses a signed-out caller and a platform operator without a tenant membership", async () => {
    const aborted = new AbortController();
    expect((await streamAs(null, aborted.signal)).status).toBe(401);
    const operator = await state.t.adminDb.user.create({ data: { email: "platform@live.test" }, select: { id: true, email: true } });
    await state.t.adminDb.membership.create({ data: { userId: operator.id, role: "platform_admin" } });
    expect((await streamAs(operator, aborted.signal)).status).toBe(403);
  });

  it("tells each stream only about its own tenant's runs and approvals", async () => {
    const { tenants } = state;
    const abort = new AbortController();
    const partnerA = collect(await streamAs(tenants.usersA.partner_operator, abort.signal));
    const clientA1 = collect(await streamAs(tenants.usersA.client_viewer, abort.signal));
    const partnerB = collect(await streamAs(tenants.ownerB, abort.signal));
    await until(() => [partnerA, clientA1, partnerB].every((s) => s.frames.some((f) => f.event === "ready")), "the streams to open");

    const db = state.t.adminDb;
    await db.workflowRun.update({ where: { id: tenants.failedRunIds.b1 }, data: { status: "resolved" } });
    await db.approval.update({ where: { id: tenants.pendingApprovalIds.b1 }, data: { status: "rejected" } });
    await db.workflowRun.update({ where: { id: tenants.failedRunIds.a2 }, data: { status: "cancelled" } });
    // A step's update that leaves status and triage alone must notify nobody.
    await db.workflowRun.update({ where: { id: tenants.failedRunIds.a1 }, data: { updatedAt: new Date() } });
    await db.approval.update({ where: { id: tenants.pendingApprovalIds.a1 }, data: { status: "approved" } });
    await db.workflowRun.update({ where: { id: tenants.failedRunIds.a1 }, data: { status: "resolved" } });
    // The last commit: once A1's stream has it, the hub has handed out every earlier one.
    await until(() => clientA1.frames.some((f) => f.event === "run" && f.data.id === tenants.failedRunIds.a1), "A1's run change");
    await until(() => partnerA.frames.some((f) => f.event === "run" && f.data.id === tenants.failedRunIds.a1), "partner A's copy");
    await until(() => partnerB.frames.some((f) => f.event === "approval"), "partner B's approval change");
    abort.abort();
    await Promise.all([partnerA.done, clientA1.done, partnerB.done]);

    const changes = (frames: TFrame[]) => frames.filter((f) => f.event !== "ready").map((f) => `${f.event}:${String(f.data.id)}:${String(f.data.status)}`);
    expect(changes(partnerA.frames)).toEqual([
      `run:${tenants.failedRunIds.a2}:cancelled`,
      `approval:${tenants.pendingApprovalIds.a1}:approved`,
      `run:${tenants.failedRunIds.a1}:resolved`,
    ]);
    expect(changes(clientA1.frames)).toEqual([`approval:${tenants.pendingApprovalIds.a1}:approved`, `run:${tenants.failedRunIds.a1}:resolved`]);
    expect(changes(partnerB.frames)).toEqual([`run:${tenants.failedRunIds.b1}:resolved`, `approval:${tenants.pendingApprovalIds.b1}:rejected`]);
    const everythingA = JSON.stringify([partnerA.frames, clientA1.frames]);
    for (const marker of tenants.partnerBMarkers) expect(everythingA).not.toContain(marker);
    // Frames carry ids and a status, never the partner or anything from the row.
    expect(Object.keys(partnerA.frames.at(-1)!.data).sort()).toEqual(["clientId", "id", "kind", "runId", "status"]);
  });

  it("announces a run as it starts", async () => {
    const { tenants } = state;
    const abort = new AbortController();
    const stream = collect(await streamAs(tenants.usersA.partner_admin, abort.signal));
    await until(() => stream.frames.some((f) => f.event === "ready"), "the stream to open");
    const runId = await startAndRun({ store: state.store, scope: { partnerId: tenants.partnerA.id, clientId: tenants.clientA1.id } });
    await until(() => stream.frames.some((f) => f.event === "run" && f.data.id === runId), "the new run");
    abort.abort();
    await stream.done;
  });

  it("ends the stream after its lifetime, so the browser reconnects and the session is read again", async () => {
    const stream = collect(await streamAs(state.tenants.usersA.partner_admin, new AbortController().signal, 150));
    await stream.done;
    expect(stream.frames.map((f) => f.event)).toEqual(["ready"]);
  });
});

describe("the engine's live feed", () => {
  it("hands each step and run change to its tenant's streams only, and takes no approval change from the feed", async () => {
    const { tenants } = state;
    let feed: (payload: string) => void = () => {};
    const feedHub = createLiveHub({
      connectionString: state.t.appUrl,
      feed: (onPayload) => {
        feed = onPayload;
        return { close: async () => {} };
      },
    });
    await feedHub.ready;
    const abort = new AbortController();
    const open = async (user: { id: string; email: string }) => {
      const context = await contextFor({ db: state.t.db, adminDb: state.t.adminDb, store: state.store, user });
      return collect(liveEventsResponse({ context, hub: feedHub, signal: abort.signal }));
    };
    const partnerA = await open(tenants.usersA.partner_operator);
    const clientA1 = await open(tenants.usersA.client_viewer);
    await until(() => [partnerA, clientA1].every((s) => s.frames.some((f) => f.event === "ready")), "the streams to open");

    const change = (key: "a1" | "a2" | "b1", extra: Record<string, unknown> = {}) => {
      const [partnerId, clientId] = { a1: [tenants.partnerA.id, tenants.clientA1.id], a2: [tenants.partnerA.id, tenants.clientA2.id], b1: [tenants.partnerB.id, tenants.clientB1.id] }[key];
      const runId = tenants.failedRunIds[key];
      return JSON.stringify({ kind: "step", id: runId, runId, partnerId, clientId, status: "succeeded", ...extra });
    };
    feed(change("b1"));
    feed(change("b1", { kind: "run", status: "failed" }));
    feed("not json");
    // Approvals are decided in the database, whose triggers tell of them: the feed has no say.
    feed(change("a1", { kind: "approval", status: "approved" }));
    feed(change("a2"));
    feed(change("a2", { kind: "run", status: "succeeded" }));
    feed(change("a1", { status: "failed" }));
    await until(() => clientA1.frames.some((f) => f.event === "step"), "A1's step");
    await until(() => partnerA.frames.filter((f) => f.event !== "ready").length === 3, "partner A's changes");
    abort.abort();
    await Promise.all([partnerA.done, clientA1.done]);
    await feedHub.close();

    const changes = (frames: TFrame[]) => frames.filter((f) => f.event !== "ready").map((f) => `${f.event}:${String(f.data.runId)}:${String(f.data.status)}`);
    expect(changes(partnerA.frames)).toEqual([`step:${tenants.failedRunIds.a2}:succeeded`, `run:${tenants.failedRunIds.a2}:succeeded`, `step:${tenants.failedRunIds.a1}:failed`]);
    expect(changes(clientA1.frames)).toEqual([`step:${tenants.failedRunIds.a1}:failed`]);
  });
});

describe("inScope", () => {
  const partnerId = "0196a1b2-0000-7000-8000-000000000001";
  const clientId = "0196a1b2-0000-7000-8000-000000000002";
  it("lets partner staff hear every client of their partner and a client user only their client", () => {
    expect(inScope({ partnerId, clientId: null }, { partnerId, clientId })).toBe(true);
    expect(inScope({ partnerId, clientId }, { partnerId, clientId })).toBe(true);
    expect(inScope({ partnerId, clientId }, { partnerId, clientId: partnerId })).toBe(false);
    expect(inScope({ partnerId: clientId, clientId: null }, { partnerId, clientId })).toBe(false);
  });
});
