import { NonRetryableError } from "@storeflow/engine";
import { describe, expect, it } from "vitest";
import { checkTeamsWebhookUrl } from "./webhook-url";

describe("checkTeamsWebhookUrl", () => {
  it.each([
    "https://prod-12.westus.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sig=x",
    "https://default1234.56.environment.api.powerplatform.com:443/powerautomate/automations/direct/workflows/abc/triggers/manual/paths/invoke?sig=x",
    "https://contoso.webhook.office.com/webhookb2/abc@def/IncomingWebhook/123/456",
  ])("accepts Microsoft's webhook hosts: %s", (url) => {
    expect(checkTeamsWebhookUrl(url, undefined).href).toBe(new URL(url).href);
  });

  it.each([
    "http://prod-12.westus.logic.azure.com/workflows/abc",
    "https://logic.azure.com.evil.example/workflows/abc",
    "https://evil-logic.azure.com.example/x",
    "https://user:pw@prod-1.logic.azure.com/workflows/abc",
  ])("refuses %s", (url) => {
    expect(() => checkTeamsWebhookUrl(url, undefined)).toThrow(NonRetryableError);
  });

  it("with an override accepts only URLs under it, and never names the URL", () => {
    expect(() => checkTeamsWebhookUrl("http://127.0.0.1:4010/teams/workflows/1", "http://127.0.0.1:4010/teams/")).not.toThrow();
    let message = "";
    try {
      checkTeamsWebhookUrl("http://127.0.0.1:4010/teamsx/secret-sig", "http://127.0.0.1:4010/teams");
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe("Teams connection: the webhook URL is not under the configured allowedBaseUrl");
  });
});
