import { type Role, type TDb, withIdentity } from "@storeflow/db";

export interface TMembershipSummary {
  id: string;
  role: Role;
  partnerId: string | null;
  partnerName: string | null;
  clientId: string | null;
  clientName: string | null;
}

const ROLE_ORDER: Role[] = ["platform_admin", "partner_owner", "partner_admin", "partner_operator", "client_admin", "client_viewer"];

/** Every membership of one user, across partners, most powerful first. */
export async function listUserMemberships(db: TDb, userId: string): Promise<TMembershipSummary[]> {
  const rows = await withIdentity(db, (tx) =>
    tx.membership.findMany({
      where: { userId },
      select: { id: true, role: true, partnerId: true, clientId: true, partner: { select: { name: true } }, client: { select: { name: true } } },
    }),
  );
  return rows
    .map(({ partner, client, ...m }) => ({ ...m, partnerName: partner?.name ?? null, clientName: client?.name ?? null }))
    .sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role) || (a.partnerName ?? "").localeCompare(b.partnerName ?? ""));
}

/** The membership a request acts under: the one the user picked, else their first. */
export function pickActiveMembership(memberships: TMembershipSummary[], preferredId?: string | null): TMembershipSummary | null {
  return memberships.find((m) => m.id === preferredId) ?? memberships[0] ?? null;
}
