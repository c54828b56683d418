import { formatDuration } from "./conditions";
import { type TNotificationPayload } from "./payload";

const MAX_LISTED = 20;

function headline(payload: TNotificationPayload): string {
  if (payload.type === "alert.test") return "Test alert: this channel is set up";
  const n = payload.alerts.length;
  return `${payload.rule?.name ?? "Alert"}: ${n} alert${n === 1 ? "" : "s"} ${payload.type === "alert.resolved" ? "resolved" : "firing"}`;
}

function line(a: TNotificationPayload["alerts"][number]): string {
  if (!a.resolvedAt) return `${a.subject} (${a.clientName}): ${a.summary}`;
  return `${a.subject} (${a.clientName}): back to normal after ${formatDuration(Math.max(Date.parse(a.resolvedAt) - Date.parse(a.raisedAt), 60_000))} (was: ${a.summary})`;
}

const linkText = (payload: TNotificationPayload) => (payload.type === "alert.resolved" ? "See alerts" : "See and snooze alerts");

function lines(payload: TNotificationPayload): string[] {
  const listed = payload.alerts.slice(0, MAX_LISTED).map(line);
  const more = payload.alerts.length - listed.length;
  return more > 0 ? [...listed, `…and ${more} more`] : listed;
}

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
// Slack's mrkdwn treats these three as control characters in text.
const escapeSlack = (value: string) => value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function renderEmail(payload: TNotificationPayload, alertsUrl: string) {
  const title = headline(payload).replace(/\s+/g, " ");
  const body = lines(payload);
  const condition = payload.rule ? `Rule: ${payload.rule.condition}\n\n` : "";
  const text = `${title}\n\n${condition}${body.map((l) => `- ${l}`).join("\n")}${body.length ? "\n\n" : ""}${linkText(payload)}:\n${alertsUrl}\n`;
  const html =
    `<p><strong>${escapeHtml(title)}</strong></p>` +
    (payload.rule ? `<p>Rule: ${escapeHtml(payload.rule.condition)}</p>` : "") +
    (body.length ? `<ul>${body.map((l) => `<li>${escapeHtml(l)}</li>`).join("")}</ul>` : "") +
    `<p><a href="${escapeHtml(alertsUrl)}">${linkText(payload)}</a></p>`;
  return { subject: `${payload.type === "alert.resolved" ? "[Resolved]" : "[Alert]"} ${title}`, text, html };
}

/** A Slack incoming-webhook message: `text` is the notification's fallback, the blocks what people see. */
export function renderSlack(payload: TNotificationPayload, alertsUrl: string) {
  const title = headline(payload);
  const body = lines(payload).map((l) => `• ${escapeSlack(l)}`).join("\n");
  return {
    text: title,
    blocks: [
      { type: "header", text: { type: "plain_text", text: title.slice(0, 150) } },
      ...(payload.rule ? [{ type: "context", elements: [{ type: "mrkdwn", text: escapeSlack(payload.rule.condition) }] }] : []),
      ...(body ? [{ type: "section", text: { type: "mrkdwn", text: body.slice(0, 3000) } }] : []),
      { type: "section", text: { type: "mrkdwn", text: `<${alertsUrl}|${linkText(payload)}>` } },
    ],
  };
}

/** A Teams incoming-webhook (Workflows) message carrying one Adaptive Card. */
export function renderTeams(payload: TNotificationPayload, alertsUrl: string) {
  return {
    type: "message",
    attachments: [
      {
        contentType: "application/vnd.microsoft.card.adaptive",
        content: {
          $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
          type: "AdaptiveCard",
          version: "1.4",
          body: [
            { type: "TextBlock", text: headline(payload), weight: "Bolder", size: "Medium", wrap: true },
            ...(payload.rule ? [{ type: "TextBlock", text: payload.rule.condition, isSubtle: true, wrap: true }] : []),
            ...lines(payload).map((l) => ({ type: "TextBlock", text: l, wrap: true })),
          ],
          actions: [{ type: "Action.OpenUrl", title: linkText(payload), url: alertsUrl }],
        },
      },
    ],
  };
}

/** The signed webhook's JSON body: the delivery id again, so a receiver that logs bodies can dedupe too. */
export function renderWebhook(payload: TNotificationPayload, { deliveryId, createdAt, alertsUrl }: { deliveryId: string; createdAt: Date; alertsUrl: string }) {
  return { id: deliveryId, type: payload.type, createdAt: createdAt.toISOString(), rule: payload.rule, alerts: payload.alerts, url: alertsUrl };
}
