import { defineConnector } from "../../sdk/connector";
import { ZTeamsConfig, ZTeamsSecrets } from "./config";
import { postMessageAction } from "./post-message-action";
import { checkTeamsWebhookUrl } from "./webhook-url";

export { ZTeamsConfig, ZTeamsSecrets, type TTeamsConfig, type TTeamsSecrets } from "./config";
export { ZTeamsPostMessageInput, ZTeamsPostMessageOutput } from "./post-message-action";
export { buildAdaptiveCardMessage, type TTeamsCardContent } from "./adaptive-card";

/** Posts Adaptive Cards to a Teams channel through a Workflows webhook. */
export const teamsConnector = defineConnector({
  key: "teams",
  name: "Microsoft Teams",
  version: "1.0.0",
  category: "messaging",
  // The webhook URL is the credential, like an API key.
  auth: "apiKey",
  config: ZTeamsConfig,
  secrets: ZTeamsSecrets,
  actions: { postMessage: postMessageAction },
  /** A Teams webhook has no call that posts nothing, so only the URL is checked. */
  async health({ config, secrets }) {
    try {
      checkTeamsWebhookUrl(secrets.webhookUrl, config.allowedBaseUrl);
    } catch (error) {
      return { ok: false, detail: error instanceof Error ? error.message : String(error) };
    }
    return { ok: true, detail: "the webhook URL looks right; Teams offers no way to test it without posting" };
  },
});
