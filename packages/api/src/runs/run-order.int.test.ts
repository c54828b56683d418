/** run.list's server-side sort: keyset pages in any offered order, cursors bound to their order, scope unchanged. */
import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { callerAs, useApiTenants } from "../test/harness";

const state = useApiTenants();
const T0 = Date.parse("2026-02-01T00:00:00Z");
const WORKFLOWS = ["sort.b", "sort.a", "sort.c", "sort.a", "sort.b"];

beforeAll(async () => {
  const { tenants, t } = state;
  const { definitionHash } = await t.adminDb.workflowRun.findUniqueOrThrow({ where: { id: tenants.failedRunIds.a1 }, select: { definitionHash: true } });
  for (const [index, workflowKey] of WORKFLOWS.entries()) {
    await t.adminDb.workflowRun.create({
      data: {
        id: randomUUID(),
        partnerId: tenants.partnerA.id,
        clientId: tenants.clientA1.id,
        workflowKey,
        workflowVersion: "1.0.0",
        definitionHash,
        input: {},
        status: "succeeded",
        idempotencyKey: randomUUID(),
        correlationKey: "sorted",
        createdAt: new Date(T0 + index * 1000),
        // Last change runs the other way round from the start, so the two sorts differ.
        updatedAt: new Date(T0 + (10 - index) * 1000),
        finishedAt: new Date(T0 + index * 1000),
      },
    });
  }
});

async function allPages(sort: { field: "createdAt" | "updatedAt" | "workflowKey"; direction: "asc" | "desc" }) {
  const api = await callerAs(state, state.tenants.usersA.partner_operator);
  const seen: { workflowKey: string; createdAt: Date; updatedAt: Date }[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 10; page++) {
    const result = await api.run.list({ correlationKey: "sorted", sort, limit: 2, ...(cursor ? { cursor } : {}) });
    seen.push(...result.items);
    if (!result.nextCursor) return seen;
    cursor = result.nextCursor;
  }
  throw new Error("more pages than rows");
}

describe("run.list sort", () => {
  it("pages by workflow, A to Z (the id breaking ties), every run exactly once", async () => {
    const runs = await allPages({ field: "workflowKey", direction: "asc" });
    expect(runs.map((r) => r.workflowKey)).toEqual(["sort.a", "sort.a", "sort.b", "sort.b", "sort.c"]);
  });

  it("pages by start time oldest first and by last change newest first", async () => {
    const oldest = await allPages({ field: "createdAt", direction: "asc" });
    expect(oldest.map((r) => r.createdAt.getTime() - T0)).toEqual([0, 1000, 2000, 3000, 4000]);
    const changed = await allPages({ field: "updatedAt", direction: "desc" });
    expect(changed.map((r) => r.workflowKey)).toEqual(["sort.b", "sort.a", "sort.c", "sort.a", "sort.b"]);
    expect(changed.map((r) => r.updatedAt.getTime())).toEqual([...changed.map((r) => r.updatedAt.getTime())].sort((a, b) => b - a));
  });

  it("refuses a cursor made under another order, and an unknown sort field", async () => {
    const api = await callerAs(state, state.tenants.usersA.partner_operator);
    const first = await api.run.list({ correlationKey: "sorted", sort: { field: "workflowKey", direction: "asc" }, limit: 2 });
    await expect(api.run.list({ correlationKey: "sorted", sort: { field: "updatedAt", direction: "asc" }, cursor: first.nextCursor! })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(api.run.list({ correlationKey: "sorted", cursor: first.nextCursor! })).rejects.toBeInstanceOf(TRPCError);
    await expect(api.run.list({ sort: { field: "error" as "createdAt" } })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("stays inside the caller's scope whatever the order", async () => {
    const api = await callerAs(state, state.tenants.usersA.client_viewer);
    const page = await api.run.list({ sort: { field: "workflowKey", direction: "desc" }, limit: 100 });
    expect(page.items.every((r) => r.clientId === state.tenants.clientA1.id)).toBe(true);
    const other = await callerAs(state, state.tenants.ownerB);
    expect((await other.run.list({ correlationKey: "sorted", sort: { field: "workflowKey", direction: "asc" } })).items).toEqual([]);
  });
});
