import { NonRetryableError, RateLimitedError } from "@storeflow/engine";
import { startSimulator, type TSimulator } from "@storeflow/simulator";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { teamsSimulator, type TTeamsSimulator } from "@storeflow/simulator";
import { webhookReceiverSimulator, type TWebhookReceiverSimulator } from "@storeflow/simulator";
import { invokeAction } from "../../sdk/invoke";
import { teamsConnector, type TTeamsConfig } from "./index";

let sim: TSimulator;
let teams: TTeamsSimulator;

beforeAll(async () => {
  sim = await startSimulator({ vendors: [teamsSimulator, webhookReceiverSimulator] });
  teams = sim.vendor<TTeamsSimulator>("teams");
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

function post(webhookUrl: string, input: unknown, config: TTeamsConfig = { allowedBaseUrl: `${sim.url}/teams/` }) {
  return invokeAction(teamsConnector, {
    operation: "postMessage",
    input,
    config,
    secrets: { webhookUrl },
    idempotencyKey: randomUUID(),
    signal: new AbortController().signal,
    fetch,
  });
}

describe("teams connector: postMessage", () => {
  it("sends an Adaptive Card with title, text, facts and link that the workflow accepts", async () => {
    const webhook = teams.registerWebhook({ channel: "Store ops" });

    const output = await post(webhook.url, {
      title: "Refund needs approval",
      text: "Order #1042 asks for a refund of 129.00 EUR.",
      facts: [
        { title: "Store", value: "Berlin Mitte" },
        { title: "Amount", value: "129.00 EUR" },
      ],
      link: { url: "https://portal.example.com/runs/42", title: "Review" },
    });

    expect(output).toEqual({ ok: true, status: 202 });
    const [message] = teams.messagesIn("Store ops");
    expect(message?.cards).toHaveLength(1);
    expect(message?.cards[0]).toMatchObject({
      type: "AdaptiveCard",
      version: "1.4",
      body: [
        { type: "TextBlock", text: "Refund needs approval", weight: "Bolder" },
        { type: "TextBlock", text: "Order #1042 asks for a refund of 129.00 EUR." },
        { type: "FactSet", facts: [{ title: "Store", value: "Berlin Mitte" }, { title: "Amount", value: "129.00 EUR" }] },
      ],
      actions: [{ type: "Action.OpenUrl", title: "Review", url: "https://portal.example.com/runs/42" }],
    });
  });

  it("maps a wrong signature and a deleted workflow to non-retryable errors with Logic Apps' codes", async () => {
    const webhook = teams.registerWebhook();
    const forged = webhook.url.replace(`sig=${webhook.sig}`, "sig=forged");
    const deleted = webhook.url.replace(webhook.workflowId, "0".repeat(32));

    const wrongSig = await post(forged, { title: "t", text: "x" }).catch((e: unknown) => e);
    expect(wrongSig).toBeInstanceOf(NonRetryableError);
    expect((wrongSig as Error).message).toContain("Teams answered 401: DirectApiInvalidAuthorizationSignature");
    expect((wrongSig as Error).message).not.toContain(webhook.sig);
    await expect(post(deleted, { title: "t", text: "x" })).rejects.toThrow("Teams answered 404: WorkflowNotFound");
    expect(teams.state.messages).toHaveLength(0);
  });

  it("refuses a URL that is not a Teams workflow before sending", async () => {
    await expect(post("https://hooks.example.com/teams", { title: "t", text: "x" }, {})).rejects.toThrow(/must be an https URL of a Teams workflow/);
  });

  it("maps 429 to RateLimitedError, also when an older webhook hides it in a 200 reply", async () => {
    const webhook = teams.registerWebhook();
    sim.faults.add({ vendor: "teams", status: 429, retryAfterS: 12 });
    const limited = await post(webhook.url, { title: "t", text: "x" }).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect((limited as RateLimitedError).retryAfterMs).toBe(12_000);

    const receiver = sim.vendor<TWebhookReceiverSimulator>("webhook-receiver");
    const legacy = receiver.registerEndpoint("o365", {
      reply: { status: 200, body: "Webhook message delivery failed with error: Microsoft Teams endpoint returned HTTP error 429 with ContextId tcid=0" },
    });
    const hidden = await post(legacy, { title: "t", text: "x" }, { allowedBaseUrl: `${sim.url}/webhook-receiver/` }).catch((e: unknown) => e);
    expect(hidden).toBeInstanceOf(RateLimitedError);
    expect(JSON.parse(receiver.deliveriesTo("o365")[0]?.body ?? "")).toMatchObject({ type: "message", attachments: [{ contentType: "application/vnd.microsoft.card.adaptive" }] });
  });

  it("refuses a card over Teams' 28 KB limit without sending it", async () => {
    const webhook = teams.registerWebhook();
    const facts = Array.from({ length: 20 }, (_, i) => ({ title: `fact ${i}`, value: "v".repeat(1000) }));
    await expect(post(webhook.url, { title: "t", text: "x".repeat(10_000), facts })).rejects.toThrow(/Teams accepts at most 28 KB/);
    expect(teams.state.messages).toHaveLength(0);
  });
});
