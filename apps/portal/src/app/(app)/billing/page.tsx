import { can } from "@storeflow/accounts";
import { buttonVariants } from "@storeflow/ui";
import Link from "next/link";
import { redirect } from "next/navigation";
import { SubscriptionOverview } from "@/features/billing/subscription-overview";
import { getRequestContext, getServerApi } from "@/server/session";

export const metadata = { title: "Billing" };

export default async function BillingPage({ searchParams }: { searchParams: Promise<{ checkout?: string }> }) {
  const { session } = await getRequestContext();
  const role = session?.active?.role;
  if (!role || role === "platform_admin" || !can(role, "billing.read")) redirect("/");
  const [overview, { checkout }] = await Promise.all([(await getServerApi()).billing.overview({}), searchParams]);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="space-y-1">
          <h1 className="text-2xl font-semibold">Billing</h1>
          <p className="text-muted-foreground">Your Storeflow plan, the runs you have used this period, and the platform&apos;s invoices to you.</p>
        </div>
        {can(role, "clientBilling.manage") ? <Link href="/billing/clients" className={buttonVariants({ variant: "outline" })}>Client billing</Link> : null}
      </div>
      <SubscriptionOverview initialOverview={overview} canManage={can(role, "billing.manage")} checkout={checkout === "success" || checkout === "cancelled" ? checkout : null} />
    </div>
  );
}
