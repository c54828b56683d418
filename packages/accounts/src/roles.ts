import { Role } from "@storeflow/db";
import { z } from "zod";

export const ZRole = z.enum(Role);
export type TRole = z.infer<typeof ZRole>;

export const PARTNER_ROLES = [Role.partner_owner, Role.partner_admin, Role.partner_operator] as const;
export const CLIENT_ROLES = [Role.client_admin, Role.client_viewer] as const;
export const ZTenantRole = z.enum([...PARTNER_ROLES, ...CLIENT_ROLES]);
export type TTenantRole = z.infer<typeof ZTenantRole>;

export function isPartnerRole(role: TRole): role is (typeof PARTNER_ROLES)[number] {
  return (PARTNER_ROLES as readonly TRole[]).includes(role);
}

export function isClientRole(role: TRole): role is (typeof CLIENT_ROLES)[number] {
  return (CLIENT_ROLES as readonly TRole[]).includes(role);
}

const { partner_owner: owner, partner_admin: admin, partner_operator: operator, client_admin: clientAdmin, client_viewer: viewer } = Role;

/**
 * The policy: which tenant roles may do what. Procedures declare one permission
 * each; the authorization matrix test derives its expectations from this table.
 */
export const PERMISSIONS = {
  "partner.read": [owner, admin, operator],
  "partner.update": [owner, admin],
  "client.read": [owner, admin, operator, clientAdmin, viewer],
  "client.create": [owner, admin],
  "client.update": [owner, admin],
  "client.archive": [owner, admin],
  /** Set a client's run limits and monthly quota, and pause or resume its runs. */
  "client.limit": [owner, admin],
  "member.read": [owner, admin, clientAdmin],
  "member.invite": [owner, admin, clientAdmin],
  "member.update": [owner, admin, clientAdmin],
  "member.remove": [owner, admin, clientAdmin],
  "audit.read": [owner, admin, clientAdmin],
  "run.read": [owner, admin, operator, clientAdmin, viewer],
  /** Retry, skip, cancel, resolve and replay runs: the exception queue's actions. */
  "run.operate": [owner, admin, operator, clientAdmin],
  /**
   * Approve or reject a held step. Viewers only watch; an approval step's own
   * assignees then narrow who may decide each approval.
   */
  "approval.decide": [owner, admin, operator, clientAdmin],
  /** See clients' connections: connector, settings, masked secret hints, health. */
  "connection.read": [owner, admin, operator],
  /** Connect, reconfigure, replace secrets of and archive a client's systems. */
  "connection.manage": [owner, admin],
  /** See the template catalogue and which templates each client has installed, with their settings. */
  "installation.read": [owner, admin, operator],
  /** Install, reconfigure, upgrade, pause and uninstall templates for clients. */
  "installation.manage": [owner, admin],
  /** Start a run of an installed template by hand. */
  "installation.run": [owner, admin, operator],
  /** See the partner's Storeflow plan, its usage this period and the platform's invoices to it. */
  "billing.read": [owner, admin],
  /** Change the partner's Storeflow plan and open Stripe's billing portal (cards, billing details). */
  "billing.manage": [owner],
  /** Connect the partner's Stripe account, price clients, see their invoices, dunning and margins. */
  "clientBilling.manage": [owner, admin],
  /**
   * See alert rules, channels (never their secrets), open alerts, their history and deliveries.
   * Client users see only their own client's alerts and those alerts' history, never rules or channels.
   */
  "alert.read": [owner, admin, operator, clientAdmin, viewer],
  /** Create, change, snooze and delete alert rules and channels; send test alerts. */
  "alert.manage": [owner, admin],
  /**
   * Snooze and acknowledge an open alert: the operator on call's part. A client admin (the
   * client's ops manager) acknowledges their client's alerts; snoozing, which silences the
   * partner's channels, stays with partner staff.
   */
  "alert.respond": [owner, admin, operator, clientAdmin],
  /** See installed templates' business KPIs: trends and anomaly flags. */
  "kpi.read": [owner, admin, operator, clientAdmin, viewer],
  /** See SLA targets, attainment, breaches and reports: client users see their own client's. */
  "sla.read": [owner, admin, operator, clientAdmin, viewer],
  /** Override installations' SLA targets and set how long raw run data is kept. */
  "sla.manage": [owner, admin],
} as const satisfies Record<string, readonly TTenantRole[]>;

export type TPermission = keyof typeof PERMISSIONS;

export function can(role: TRole, permission: TPermission): boolean {
  return (PERMISSIONS[permission] as readonly TRole[]).includes(role);
}

/** Roles an actor may hand out: never more than they hold, and owners only by owners. */
export function grantableRoles(actorRole: TRole): TTenantRole[] {
  switch (actorRole) {
    case owner:
      return [owner, admin, operator, clientAdmin, viewer];
    case admin:
      return [admin, operator, clientAdmin, viewer];
    case clientAdmin:
      return [clientAdmin, viewer];
    default:
      return [];
  }
}
