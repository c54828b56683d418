import "server-only";
import { DEFAULT_BRAND, findBrandByHost, findBrandByPartnerId, type TBrand } from "@storeflow/accounts";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { cache } from "react";
import { getDb, services } from "./services";
import { getRequestContext } from "./session";

/** The partner the request's host names (`<slug>.<portal domain>` or a custom domain), once per request. */
const resolveHost = cache(async (): Promise<{ brand: TBrand | null; partnerSubdomain: boolean }> => {
  const host = (await headers()).get("host") ?? "";
  const baseDomain = new URL(services().env.PORTAL_URL).hostname;
  const brand = host ? await findBrandByHost(getDb(), { host, baseDomain }) : null;
  const hostname = host.toLowerCase().split(":")[0] ?? "";
  return { brand, partnerSubdomain: hostname.endsWith(`.${baseDomain.toLowerCase()}`) };
});

/** Host first (so a partner's domain is branded before sign-in), then the active membership. */
export const getBrand = cache(async (): Promise<TBrand> => {
  const { brand: byHost } = await resolveHost();
  if (byHost) return byHost;
  const partnerId = (await getRequestContext()).session?.active?.partnerId;
  return (partnerId && (await findBrandByPartnerId(getDb(), partnerId))) || DEFAULT_BRAND;
});

/**
 * A subdomain of the portal's domain that names no partner is not found, signed in or
 * not: serving it the default brand (or, after sign-in, the user's own) would confirm
 * which names are tenants and let any subdomain pass for one.
 */
export async function requireKnownHost(): Promise<void> {
  const { brand, partnerSubdomain } = await resolveHost();
  if (partnerSubdomain && !brand) notFound();
}
