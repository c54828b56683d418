import { can } from "@storeflow/accounts";
import Link from "next/link";
import { redirect } from "next/navigation";
import { ClientBillingManager } from "@/features/billing-clients/client-billing-manager";
import { getRequestContext, getServerApi } from "@/server/session";

export const metadata = { title: "Client billing" };

export default async function ClientBillingPage({ searchParams }: { searchParams: Promise<{ refresh?: string }> }) {
  const context = await getRequestContext();
  const role = context.session?.active?.role;
  if (!role || role === "platform_admin" || !can(role, "clientBilling.manage")) redirect("/");
  const api = await getServerApi();
  const [priceBooks, connect, invoices, dunning, margins, templates, { refresh }] = await Promise.all([
    api.priceBook.list({}),
    api.clientBilling.connectAccount({}),
    api.clientBilling.invoices({}),
    api.clientBilling.dunningCases({}),
    api.clientBilling.margins({}),
    can(role, "installation.read") ? api.template.list({}) : Promise.resolve([]),
    searchParams,
  ]);
  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <nav aria-label="Breadcrumb" className="text-sm">
          <Link href="/billing" className="text-brand-text underline-offset-4 hover:underline">Billing</Link>
        </nav>
        <h1 className="text-2xl font-semibold">Client billing</h1>
        <p className="text-muted-foreground">What you charge each client, what you keep after the platform&apos;s share, and who has not paid.</p>
      </div>
      <ClientBillingManager
        initial={{ priceBooks, connect, invoices, dunning, margins }}
        templates={templates.map((t) => ({ key: t.key, title: t.title }))}
        stripeEnabled={context.stripe !== null}
        onboardingExpired={refresh === "1"}
      />
    </div>
  );
}
