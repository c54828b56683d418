import { can } from "@storeflow/accounts";
import { redirect } from "next/navigation";
import { AiModelSettings } from "@/features/ai-model/ai-model-settings";
import { BrandSettingsForm } from "@/features/brand/brand-settings-form";
import { getRequestContext, getServerApi } from "@/server/session";

export const metadata = { title: "Settings" };

/** The partner's settings: its brand, and the AI model its workflows ask. */
export default async function PartnerSettingsPage() {
  const { session } = await getRequestContext();
  const role = session?.active?.role;
  if (!role || role === "platform_admin" || !can(role, "partner.update")) redirect("/");
  const api = await getServerApi();
  const [partner, aiModel] = await Promise.all([api.partner.get(), api.aiModel.get({})]);
  return (
    <div className="space-y-10">
      <h1 className="text-2xl font-semibold">Settings</h1>
      <BrandSettingsForm partner={partner} />
      <AiModelSettings initialModel={aiModel} />
    </div>
  );
}
