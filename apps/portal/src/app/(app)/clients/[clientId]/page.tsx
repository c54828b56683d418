import { can, isClientRole } from "@storeflow/accounts";
import { TRPCError } from "@trpc/server";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { z } from "zod";
import { ClientOverview } from "@/features/clients/client-overview";
import { loadClientOverview } from "@/features/clients/client-overview-data";
import { getRequestContext, getServerApi } from "@/server/session";

export const metadata = { title: "Client" };

/** One client's day, for partner staff from the clients table; a client user's own home shows the same. */
export default async function ClientPage({ params }: { params: Promise<{ clientId: string }> }) {
  const { session } = await getRequestContext();
  const role = session?.active?.role;
  if (!role || role === "platform_admin" || !can(role, "run.read") || !can(role, "sla.read")) redirect("/");
  const { clientId } = await params;
  if (!z.uuid().safeParse(clientId).success) notFound();
  const api = await getServerApi();
  // Another tenant's client (or a client user's sibling) is not found under row-level security, like one that does not exist.
  const loaded = await Promise.all([api.client.get({ id: clientId }), loadClientOverview(api, clientId)]).catch((error: unknown) => {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") return null;
    throw error;
  });
  if (!loaded) notFound();
  const [client, initial] = loaded;
  const clientUser = isClientRole(role);
  return (
    <section aria-labelledby="client-heading" className="space-y-4">
      {clientUser ? null : (
        <p className="text-sm">
          <Link href="/" className="text-brand-text underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-ring">All clients</Link>
        </p>
      )}
      <h1 id="client-heading" className="text-2xl font-semibold">{client.name}</h1>
      <ClientOverview clientId={client.id} initial={initial} forClientUser={clientUser} canOperate={can(role, "run.operate")} />
    </section>
  );
}
