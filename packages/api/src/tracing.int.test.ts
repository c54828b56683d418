/** Every tRPC call is a `trpc.<path>` span naming its caller, never its input, output or error message. */
import { randomUUID } from "node:crypto";
import { ATTR_CLIENT_ID, ATTR_PARTNER_ID, ATTR_USER_ID, SpanKind, SpanStatusCode } from "@storeflow/telemetry";
import { useInMemoryTracing } from "@storeflow/telemetry/test";
import { beforeEach, describe, expect, it } from "vitest";
import { callerAs, publishedSteps, useApiTenants } from "./test/harness";

const state = useApiTenants();
const tracing = useInMemoryTracing();
beforeEach(() => void publishedSteps.splice(0));

describe("tRPC tracing", () => {
  it("spans each call with the caller's partner, client and user, and marks a failure by its code alone", async () => {
    const { partnerA, clientA1, usersA } = state.tenants;
    const owner = await callerAs(state, usersA.partner_owner);
    await owner.run.list({ clientId: clientA1.id });
    const missing = randomUUID();
    await expect(owner.run.get({ runId: missing })).rejects.toThrow();
    const viewer = await callerAs(state, usersA.client_viewer);
    await viewer.run.list({});

    const [list, get, viewed] = tracing.spans().filter((span) => span.name.startsWith("trpc."));
    expect(list).toMatchObject({ name: "trpc.run.list", kind: SpanKind.SERVER, attributes: { [ATTR_PARTNER_ID]: partnerA.id, [ATTR_USER_ID]: usersA.partner_owner.id, "rpc.system": "trpc" } });
    expect(list!.attributes[ATTR_CLIENT_ID]).toBeUndefined();
    expect(viewed!.attributes).toMatchObject({ [ATTR_PARTNER_ID]: partnerA.id, [ATTR_CLIENT_ID]: clientA1.id, [ATTR_USER_ID]: usersA.client_viewer.id });
    expect(get).toMatchObject({ name: "trpc.run.get", status: { code: SpanStatusCode.ERROR }, attributes: { "error.type": "NOT_FOUND" } });
    expect(get!.status.message).toBeUndefined();
    expect(JSON.stringify(tracing.spans().map((span) => [span.attributes, span.events]))).not.toContain(missing);
  });

  it("starts a replayed run in the operator's request's trace and a retried one in the run's own", async () => {
    const owner = await callerAs(state, state.tenants.usersA.partner_owner);
    const { runId } = await owner.run.replay({ runId: state.tenants.failedInstalledRunIds.a1 });
    const [replay] = tracing.spans().filter((span) => span.name === "trpc.run.replay");
    const { traceparent } = await state.t.adminDb.workflowRun.findUniqueOrThrow({ where: { id: runId }, select: { traceparent: true } });
    expect(traceparent).toBe(`00-${replay!.spanContext().traceId}-${replay!.spanContext().spanId}-01`);
    expect(publishedSteps).toEqual([expect.objectContaining({ runId, traceparent })]);

    await state.t.adminDb.workflowRun.update({ where: { id: runId }, data: { status: "failed" } });
    publishedSteps.splice(0);
    await owner.run.retry({ runId });
    expect(publishedSteps).toEqual([expect.objectContaining({ runId, attempt: 2, traceparent })]);
  });
});
