import { type TDb, withIdentity } from "@storeflow/db";

export interface TBrand {
  partnerId: string | null;
  productName: string;
  logoUrl: string | null;
  faviconUrl: string | null;
  primaryColor: string;
  accentColor: string;
  supportEmail: string | null;
  showPoweredBy: boolean;
}

export const DEFAULT_BRAND: TBrand = {
  partnerId: null,
  productName: "Storeflow",
  logoUrl: null,
  faviconUrl: null,
  primaryColor: "#2563eb",
  accentColor: "#0f766e",
  supportEmail: null,
  showPoweredBy: false,
};

const brandSelect = { id: true, productName: true, logoUrl: true, faviconUrl: true, primaryColor: true, accentColor: true, supportEmail: true, showPoweredBy: true } as const;

/**
 * The brand a request renders under, before anyone signs in: a partner's custom
 * domain, or `<slug>.<base domain>`. Brand fields are public by nature (they are
 * on the sign-in page); nothing else about the partner is read.
 */
export async function findBrandByHost(db: TDb, { host, baseDomain }: { host: string; baseDomain: string }): Promise<TBrand | null> {
  const hostname = host.toLowerCase().split(":")[0] ?? "";
  const suffix = `.${baseDomain.toLowerCase()}`;
  const slug = hostname.endsWith(suffix) ? hostname.slice(0, -suffix.length) : null;
  if (!hostname || (slug !== null && !/^[a-z0-9-]+$/.test(slug))) return null;
  const row = await withIdentity(db, (tx) =>
    tx.partner.findFirst({ where: slug ? { slug } : { customDomain: hostname }, select: brandSelect }),
  );
  return row ? { ...row, partnerId: row.id } : null;
}

export async function findBrandByPartnerId(db: TDb, partnerId: string): Promise<TBrand | null> {
  const row = await withIdentity(db, (tx) => tx.partner.findFirst({ where: { id: partnerId }, select: brandSelect }));
  return row ? { ...row, partnerId: row.id } : null;
}
