import "server-only";
import { DEFAULT_BRAND, findBrandByHost, findBrandByPartnerId, type TBrand } from "@storeflow/accounts";
import { headers } from "next/headers";
import { cache } from "react";
import { getDb, services } from "./services";
import { getRequestContext } from "./session";

/** Host first (so a partner's domain is branded before sign-in), then the active membership. */
export const getBrand = cache(async (): Promise<TBrand> => {
  const host = (await headers()).get("host") ?? "";
  const baseDomain = new URL(services().env.PORTAL_URL).hostname;
  const byHost = host ? await findBrandByHost(getDb(), { host, baseDomain }) : null;
  if (byHost) return byHost;
  const partnerId = (await getRequestContext()).session?.active?.partnerId;
  return (partnerId && (await findBrandByPartnerId(getDb(), partnerId))) || DEFAULT_BRAND;
});
