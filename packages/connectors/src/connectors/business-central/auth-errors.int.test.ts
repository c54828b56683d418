import { NonRetryableError, RateLimitedError, RetryableError } from "@storeflow/engine";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { businessCentralConnector } from "./connector";
import { startBusinessCentral, type TBcHarness } from "./test-support";

let h: TBcHarness;

beforeAll(async () => {
  h = await startBusinessCentral();
});
afterAll(() => h.sim.close());
beforeEach(() => h.sim.reset());

describe("Business Central OAuth client credentials", () => {
  it("asks for one token for many calls, also when they run in parallel", async () => {
    const context = h.context({ secrets: h.newClient() });
    await Promise.all(Array.from({ length: 6 }, () => h.invoke("getItem", { number: "1896-S" }, context)));
    await h.invoke("listItems", {}, context);
    await h.invoke("getItemInventory", { number: "1900-S" }, context);
    expect(h.bc.state.tokenRequests).toBe(1);
  });

  it("fetches a new token shortly before the cached one expires", async () => {
    h.bc.state.tokenLifetimeS = 2;
    const context = h.context({ secrets: h.newClient() });
    await h.invoke("getItem", { number: "1896-S" }, context);
    await h.invoke("getItem", { number: "1896-S" }, context);
    expect(h.bc.state.tokenRequests).toBe(1);
    // Past 90% of its life but before it expires: the server would still take it, the cache no longer offers it.
    await new Promise((resolve) => setTimeout(resolve, 1850));
    await h.invoke("getItem", { number: "1896-S" }, context);
    expect(h.bc.state.tokenRequests).toBe(2);
  });

  it("replaces a token Business Central stopped accepting and repeats the call", async () => {
    const context = h.context({ secrets: h.newClient() });
    await h.invoke("getItem", { number: "1896-S" }, context);
    h.bc.state.tokens.clear();
    await expect(h.invoke("getItem", { number: "1896-S" }, context)).resolves.toMatchObject({ number: "1896-S" });
    expect(h.bc.state.tokenRequests).toBe(2);
  });

  it("refuses a wrong client secret as not retryable, with Entra's reason and without the secret", async () => {
    const { clientId } = h.newClient();
    const attempt = h.invoke("getItem", { number: "1896-S" }, h.context({ secrets: { clientId, clientSecret: "wrong-secret-value" } }));
    await expect(attempt).rejects.toBeInstanceOf(NonRetryableError);
    const error = (await attempt.catch((caught: unknown) => caught)) as Error;
    expect(error.message).toMatch(/^Microsoft identity platform answered 401: invalid_client: AADSTS7000215: Invalid client secret provided\./);
    expect(error.message).not.toContain("wrong-secret-value");
  });

  it("maps a token endpoint outage to a retryable error", async () => {
    const context = h.context({ secrets: h.newClient() });
    h.sim.faults.add({ vendor: "business-central", pathIncludes: "/oauth2/v2.0/token", status: 503 });
    await expect(h.invoke("getItem", { number: "1896-S" }, context)).rejects.toBeInstanceOf(RetryableError);
    await expect(h.invoke("getItem", { number: "1896-S" }, context)).resolves.toMatchObject({ number: "1896-S" });
  });
});

describe("Business Central error mapping", () => {
  it("turns 429 into RateLimitedError carrying Retry-After", async () => {
    h.sim.faults.add({ vendor: "business-central", pathIncludes: "/items", status: 429, retryAfterS: 7, body: { error: { code: "Application_TooManyRequests", message: "Too Many Requests" } } });
    const error = await h.invoke("getItem", { number: "1896-S" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBe(7000);
    expect((error as Error).message).toBe("Business Central answered 429: Too Many Requests (Application_TooManyRequests)");
  });

  it.each([500, 502, 503, 504])("turns %i into RetryableError", async (status) => {
    h.sim.faults.add({ vendor: "business-central", pathIncludes: "/items", status });
    const error = await h.invoke("getItem", { number: "1896-S" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RetryableError);
    expect(error).not.toBeInstanceOf(RateLimitedError);
  });

  it("turns a 404 on the company into a non-retryable error", async () => {
    const context = h.context();
    const wrongCompany = { ...context, config: { ...context.config, companyId: "00000000-0000-0000-0000-000000000099" } };
    await expect(h.invoke("getItem", { number: "1896-S" }, wrongCompany)).rejects.toThrow(/^Business Central answered 404: The specified resource does not exist\./);
  });
});

describe("Business Central health", () => {
  it("is ok with working credentials", async () => {
    const { idempotencyKey: _unused, ...context } = h.context();
    expect(await businessCentralConnector.health(context)).toEqual({ ok: true });
  });

  it("reports refused credentials without the secret", async () => {
    const { clientId } = h.newClient();
    const { idempotencyKey: _unused, ...context } = h.context({ secrets: { clientId, clientSecret: "not-the-secret" } });
    const health = await businessCentralConnector.health(context);
    expect(health.ok).toBe(false);
    expect(health.detail).toMatch(/invalid_client/);
    expect(health.detail).not.toContain("not-the-secret");
  });
});
