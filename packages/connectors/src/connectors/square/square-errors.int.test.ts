import { NonRetryableError, RateLimitedError, RetryableError } from "@storeflow/engine";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { squareSimulator, startSimulator, type TSimulator, type TSquareSimulator } from "@storeflow/simulator";
import { type TFetch } from "../../sdk/connector";
import { invokeAction } from "../../sdk/invoke";
import { squareConnector } from "./connector";

let sim: TSimulator;
let square: TSquareSimulator;

beforeAll(async () => {
  sim = await startSimulator({ vendors: [squareSimulator] });
  square = sim.vendor<TSquareSimulator>("square");
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

interface TCallOptions {
  accessToken?: string;
  locationId?: string;
  fetch?: TFetch;
}

function contextOf(options: TCallOptions = {}) {
  return {
    config: squareConnector.config.parse({ baseUrl: `${sim.url}/square`, locationId: "locationId" in options ? options.locationId : square.state.locations[0]!.id }),
    secrets: { accessToken: options.accessToken ?? square.state.accessToken },
    fetch: options.fetch ?? ((url, init) => fetch(url, init)),
    signal: AbortSignal.timeout(10_000),
  } satisfies Parameters<typeof squareConnector.health>[0];
}

function invoke(operation: string, input: unknown, options: TCallOptions = {}) {
  return invokeAction(squareConnector, { operation, input, idempotencyKey: randomUUID(), ...contextOf(options) });
}

const refund = () => invoke("refundPayment", { paymentId: square.state.payments[0]!.id, amount: { amount: 100, currency: "USD" } });

async function caught(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the call to fail");
}

describe("Square error mapping", () => {
  it("turns a 429 with Retry-After into RateLimitedError with that wait, and refunds nothing", async () => {
    sim.faults.add({ vendor: "square", status: 429, retryAfterS: 3, pathIncludes: "/v2/refunds", body: { errors: [{ category: "RATE_LIMIT_ERROR", code: "RATE_LIMITED", detail: "Too many requests" }] } });
    const error = await caught(refund());
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBe(3000);
    expect(error.message).toContain("RATE_LIMITED: Too many requests");
    expect(square.state.refunds).toHaveLength(0);
  });

  it.each([500, 503])("turns %i into a RetryableError", async (status) => {
    sim.faults.add({ vendor: "square", status });
    const error = await caught(refund());
    expect(error).toBeInstanceOf(RetryableError);
    expect(error).not.toBeInstanceOf(RateLimitedError);
  });

  it.each([400, 422])("turns an injected %i into a NonRetryableError carrying Square's detail", async (status) => {
    sim.faults.add({ vendor: "square", status, body: { errors: [{ category: "INVALID_REQUEST_ERROR", code: "INVALID_VALUE", detail: "Bad amount", field: "amount_money" }] } });
    const error = await caught(refund());
    expect(error).toBeInstanceOf(NonRetryableError);
    expect(error.message).toBe(`Square RefundPayment answered ${status}: INVALID_VALUE (amount_money): Bad amount`);
  });

  it("turns a real validation failure (400) into a NonRetryableError", async () => {
    const error = await caught(invoke("refundPayment", { paymentId: square.state.payments[0]!.id, amount: { amount: 100, currency: "EUR" } }));
    expect(error).toBeInstanceOf(NonRetryableError);
    expect(error.message).toContain("CURRENCY_MISMATCH (amount_money.currency)");
  });

  it("turns a wrong token (401) into a NonRetryableError that does not repeat the token", async () => {
    const error = await caught(invoke("getPayment", { paymentId: "anything" }, { accessToken: "EAAAwrong_token" }));
    expect(error).toBeInstanceOf(NonRetryableError);
    expect(error.message).toContain("answered 401: UNAUTHORIZED");
    expect(error.message).not.toContain("EAAAwrong_token");
  });

  it("sends the bearer token, Square-Version and the step's abort signal on every call", async () => {
    const seen: { headers: Headers; signal: AbortSignal | null | undefined }[] = [];
    const recording: TFetch = (url, init) => {
      seen.push({ headers: new Headers(init?.headers), signal: init?.signal });
      return fetch(url, init);
    };
    const context = contextOf({ fetch: recording });
    await invokeAction(squareConnector, { ...context, operation: "getPayment", input: { paymentId: square.state.payments[0]!.id }, idempotencyKey: "k" });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.headers.get("authorization")).toBe(`Bearer ${square.state.accessToken}`);
    expect(seen[0]!.headers.get("square-version")).toBe("2025-10-16");
    expect(seen[0]!.signal).toBe(context.signal);
  });

  it("reports health from the configured location or the location list", async () => {
    expect(await squareConnector.health(contextOf())).toEqual({ ok: true, detail: "Connected to location Main Street" });
    expect(await squareConnector.health(contextOf({ locationId: undefined }))).toEqual({ ok: true, detail: "Connected; the seller has 1 locations" });
    const broken = await squareConnector.health(contextOf({ accessToken: "EAAArevoked" }));
    expect(broken).toMatchObject({ ok: false, detail: expect.stringContaining("answered 401") });
    expect(broken.detail).not.toContain("EAAArevoked");
  });
});
