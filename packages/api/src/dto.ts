import { ClientStatus, Role } from "@storeflow/db";
import { z } from "zod";

/** Response shapes: every procedure's `.output()` comes from here. */
export const ZPartnerDto = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  productName: z.string(),
  logoUrl: z.string().nullable(),
  faviconUrl: z.string().nullable(),
  primaryColor: z.string(),
  accentColor: z.string(),
  supportEmail: z.string(),
  showPoweredBy: z.boolean(),
  customDomain: z.string().nullable(),
});

export const ZClientDto = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  timezone: z.string(),
  status: z.enum(ClientStatus),
  archivedAt: z.date().nullable(),
  createdAt: z.date(),
  storeCount: z.number().int(),
});

export const ZMemberDto = z.object({
  id: z.uuid(),
  role: z.enum(Role),
  clientId: z.uuid().nullable(),
  clientName: z.string().nullable(),
  createdAt: z.date(),
  user: z.object({ id: z.uuid(), email: z.string(), name: z.string().nullable() }),
});

export const ZInvitationDto = z.object({
  id: z.uuid(),
  email: z.string(),
  role: z.enum(Role),
  clientId: z.uuid().nullable(),
  clientName: z.string().nullable(),
  expiresAt: z.date(),
  createdAt: z.date(),
  expired: z.boolean(),
});

export const ZIdDto = z.object({ id: z.uuid() });

export const ZMembershipSummaryDto = z.object({
  id: z.uuid(),
  role: z.enum(Role),
  partnerId: z.uuid().nullable(),
  partnerName: z.string().nullable(),
  clientId: z.uuid().nullable(),
  clientName: z.string().nullable(),
});
