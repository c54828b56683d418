import { NonRetryableError } from "@storeflow/engine";

const SLACK_WEBHOOK_BASE = "https://hooks.slack.com/services/";

function isUnder(url: URL, base: URL): boolean {
  const prefix = base.pathname.endsWith("/") ? base.pathname : `${base.pathname}/`;
  return url.origin === base.origin && url.pathname.startsWith(prefix) && !url.username && !url.password;
}

/**
 * Refuses a webhook URL that is not Slack's (or the configured override's), so a
 * mistyped or planted secret cannot turn the connector into a request to anywhere.
 * The message never repeats the URL: it is the secret.
 */
export function checkSlackWebhookUrl(webhookUrl: string, allowedBaseUrl: string | undefined): URL {
  const url = new URL(webhookUrl);
  const base = new URL(allowedBaseUrl ?? SLACK_WEBHOOK_BASE);
  if (!isUnder(url, base)) {
    throw new NonRetryableError(
      allowedBaseUrl
        ? "Slack connection: the webhook URL is not under the configured allowedBaseUrl"
        : `Slack connection: the webhook URL must start with ${SLACK_WEBHOOK_BASE}`,
    );
  }
  return url;
}
