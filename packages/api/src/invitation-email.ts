import { type TRole } from "@storeflow/accounts";

const ROLE_LABEL: Record<TRole, string> = {
  platform_admin: "platform operator",
  partner_owner: "owner",
  partner_admin: "administrator",
  partner_operator: "operator",
  client_admin: "administrator",
  client_viewer: "viewer",
};

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The invitation e-mail, in the partner's brand. */
export function invitationEmail({ productName, role, clientName, url }: { productName: string; role: TRole; clientName: string | null; url: string }) {
  const where = clientName ? `${clientName} on ${productName}` : productName;
  const subject = `You are invited to ${where}`;
  const text = `You have been invited to ${where} as ${ROLE_LABEL[role]}.\n\nAccept within 7 days:\n${url}\n`;
  const html = `<p>You have been invited to <strong>${escapeHtml(where)}</strong> as ${ROLE_LABEL[role]}.</p><p><a href="${escapeHtml(url)}">Accept the invitation</a> (valid for 7 days)</p>`;
  return { subject, text, html };
}
