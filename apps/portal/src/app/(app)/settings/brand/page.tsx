import { can } from "@storeflow/accounts";
import { redirect } from "next/navigation";
import { BrandSettingsForm } from "@/features/brand/brand-settings-form";
import { getRequestContext, getServerApi } from "@/server/session";

export const metadata = { title: "Brand" };

export default async function BrandSettingsPage() {
  const { session } = await getRequestContext();
  const role = session?.active?.role;
  if (!role || role === "platform_admin" || !can(role, "partner.update")) redirect("/");
  const partner = await (await getServerApi()).partner.get();
  return <BrandSettingsForm partner={partner} />;
}
