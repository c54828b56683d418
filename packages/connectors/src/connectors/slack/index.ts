import { defineConnector } from "../../sdk/connector";
import { describeFetchError } from "../../sdk/describe-fetch-error";
import { readCappedText } from "../http/read-body";
import { ZSlackConfig, ZSlackSecrets } from "./config";
import { postMessageAction } from "./post-message-action";
import { explainSlackError } from "./slack-errors";
import { checkSlackWebhookUrl } from "./webhook-url";

export { ZSlackConfig, ZSlackSecrets, type TSlackConfig, type TSlackSecrets } from "./config";
export { ZSlackPostMessageInput, ZSlackPostMessageOutput } from "./post-message-action";

/** Posts to one Slack channel through an incoming webhook. */
export const slackConnector = defineConnector({
  key: "slack",
  name: "Slack",
  version: "1.0.0",
  category: "messaging",
  // The webhook URL is the credential, like an API key.
  auth: "apiKey",
  config: ZSlackConfig,
  secrets: ZSlackSecrets,
  actions: { postMessage: postMessageAction },
  // Slack allows about one message per second per webhook, with short bursts.
  rateLimit: { capacity: 3, refillPerSecond: 1 },
  /**
   * Posts an empty payload: a live webhook refuses it with `no_text` and posts
   * nothing, while a revoked or removed one answers invalid_token / no_service.
   */
  async health({ config, secrets, fetch, signal }) {
    let url: URL;
    try {
      url = checkSlackWebhookUrl(secrets.webhookUrl, config.allowedBaseUrl);
    } catch (error) {
      return { ok: false, detail: error instanceof Error ? error.message : String(error) };
    }
    let response: Response;
    try {
      response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: "{}", redirect: "error", signal });
    } catch (error) {
      return { ok: false, detail: `Slack could not be reached: ${describeFetchError(error)}` };
    }
    const { text } = await readCappedText(response, 1024);
    if (response.status === 400 && text.trim() === "no_text") return { ok: true };
    return { ok: false, detail: `Slack answered ${response.status}: ${explainSlackError(text)}` };
  },
});
