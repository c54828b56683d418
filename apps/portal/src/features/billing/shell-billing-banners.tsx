import { type TRole } from "@storeflow/accounts";
import { getServerApi } from "@/server/session";
import { BillingBanners } from "./billing-banners";

/** The banners for the signed-in member, for the app shell; nothing for platform operators, who are not billed. */
export async function ShellBillingBanners({ role }: { role: TRole | undefined }) {
  if (!role || role === "platform_admin") return null;
  const standing = await (await getServerApi()).clientBilling.standing({});
  return <BillingBanners standing={standing} role={role} />;
}
