import { NonRetryableError } from "@storeflow/engine";

// Workflows (Power Automate) trigger URLs, and the retiring Office 365 connector webhooks.
const MICROSOFT_WEBHOOK_HOSTS = [".logic.azure.com", ".api.powerplatform.com", ".webhook.office.com"];

function isUnder(url: URL, base: URL): boolean {
  const prefix = base.pathname.endsWith("/") ? base.pathname : `${base.pathname}/`;
  return url.origin === base.origin && url.pathname.startsWith(prefix);
}

/**
 * Refuses a URL that is not a Teams webhook on Microsoft's hosts (or under the
 * configured override). The message never repeats the URL: it is the secret.
 */
export function checkTeamsWebhookUrl(webhookUrl: string, allowedBaseUrl: string | undefined): URL {
  const url = new URL(webhookUrl);
  if (url.username || url.password) throw new NonRetryableError("Teams connection: the webhook URL cannot carry a username or password");
  if (allowedBaseUrl) {
    if (!isUnder(url, new URL(allowedBaseUrl))) throw new NonRetryableError("Teams connection: the webhook URL is not under the configured allowedBaseUrl");
    return url;
  }
  const microsoft = url.protocol === "https:" && MICROSOFT_WEBHOOK_HOSTS.some((suffix) => url.hostname.endsWith(suffix));
  if (!microsoft) throw new NonRetryableError("Teams connection: the webhook URL must be an https URL of a Teams workflow (logic.azure.com or powerplatform.com)");
  return url;
}
