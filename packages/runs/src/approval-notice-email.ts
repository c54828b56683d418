/** What an approval notice tells: an approval waits for its assignees, or was escalated to escalateTo's people. */
export type TApprovalNoticeKind = "assigned" | "escalated";

/** What the notice e-mail says about its approval. */
export interface TApprovalNoticeFacts {
  kind: TApprovalNoticeKind;
  title: string;
  workflowKey: string;
  stepKey: string;
  clientName: string;
  /** The client's IANA time zone: the expiry is written in it. */
  timezone: string;
  expiresAt: Date;
  /** The approval's page in the portal. */
  url: string;
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function formatExpiry(expiresAt: Date, timezone: string): string {
  const local = new Intl.DateTimeFormat("en-GB", { timeZone: timezone, dateStyle: "medium", timeStyle: "short" }).format(expiresAt);
  return `${local} (${timezone})`;
}

/** The notice e-mail; the sender's name (the partner's product name) goes in its From header. */
export function approvalNoticeEmail(facts: TApprovalNoticeFacts) {
  // A title is one line of a partner's workflow definition; a line break must not reach a header.
  const title = facts.title.replace(/\s+/g, " ").trim();
  const subject = facts.kind === "assigned" ? `Approval needed: ${title}` : `Escalated: ${title}`;
  const lead =
    facts.kind === "assigned"
      ? `An approval in ${facts.clientName} waits for your decision.`
      : `An approval in ${facts.clientName} was not decided in time and has been escalated to you: you may now decide it.`;
  const rows: [string, string][] = [
    ["Workflow", facts.workflowKey],
    ["Step", facts.stepKey],
    ["Client", facts.clientName],
    ["Expires", formatExpiry(facts.expiresAt, facts.timezone)],
  ];
  const text = `${lead}\n\n${title}\n\n${rows.map(([label, value]) => `${label}: ${value}`).join("\n")}\n\nReview and decide:\n${facts.url}\n`;
  const html =
    `<p>${escapeHtml(lead)}</p><p><strong>${escapeHtml(title)}</strong></p>` +
    `<table>${rows.map(([label, value]) => `<tr><td>${label}</td><td>${escapeHtml(value)}</td></tr>`).join("")}</table>` +
    `<p><a href="${escapeHtml(facts.url)}">Review and decide</a></p>`;
  return { subject, text, html };
}
