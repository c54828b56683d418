import { recordAudit } from "@storeflow/audit";
import { isUniqueViolation, withTenant } from "@storeflow/db";
import { ConflictError, NotFoundError } from "@storeflow/errors";
import { z } from "zod";
import { type TActor } from "./actor";

const ZHexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, "Use a 6-digit hex colour such as #1d4ed8");

export const ZPartnerBrand = z.object({
  productName: z.string().trim().min(2).max(60),
  logoUrl: z.url({ protocol: /^https?$/ }).max(500).nullable(),
  faviconUrl: z.url({ protocol: /^https?$/ }).max(500).nullable(),
  primaryColor: ZHexColor,
  accentColor: ZHexColor,
  supportEmail: z.email().max(200),
  showPoweredBy: z.boolean(),
  customDomain: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^(?=.{4,253}$)([a-z0-9](-?[a-z0-9])*\.)+[a-z]{2,63}$/, "Enter a domain such as portal.example.com")
    .nullable(),
});
export type TPartnerBrand = z.infer<typeof ZPartnerBrand>;
export const ZUpdatePartnerBrandInput = ZPartnerBrand.partial().refine((v) => Object.keys(v).length > 0, "Change at least one field");

const partnerSelect = {
  id: true,
  slug: true,
  name: true,
  productName: true,
  logoUrl: true,
  faviconUrl: true,
  primaryColor: true,
  accentColor: true,
  supportEmail: true,
  showPoweredBy: true,
  customDomain: true,
} as const;

export async function getPartner(actor: TActor) {
  const partner = await withTenant(actor.db, actor.scope, (tx) =>
    tx.partner.findFirst({ where: { id: actor.scope.partnerId }, select: partnerSelect }),
  );
  if (!partner) throw new NotFoundError("Partner");
  return partner;
}

export async function updatePartnerBrand(actor: TActor, input: z.input<typeof ZUpdatePartnerBrandInput>) {
  const brand = ZUpdatePartnerBrandInput.parse(input);
  return withTenant(actor.db, actor.scope, async (tx) => {
    const before = await tx.partner.findFirst({ where: { id: actor.scope.partnerId }, select: partnerSelect });
    if (!before) throw new NotFoundError("Partner");
    const after = await tx.partner.update({ where: { id: before.id }, data: brand, select: partnerSelect });
    const changed = Object.fromEntries(
      Object.keys(brand).map((key) => [key, { from: before[key as keyof typeof before], to: after[key as keyof typeof after] }]),
    );
    await recordAudit({ tx, scope: actor.scope, action: "partner.brand_updated", target: { type: "partner", id: before.id }, data: changed });
    return after;
  }).catch((error: unknown) => {
    if (isUniqueViolation(error)) throw new ConflictError("Another partner already uses that domain", "customDomain");
    throw error;
  });
}
