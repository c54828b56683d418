import { can } from "@storeflow/accounts";
import { TRPCError } from "@trpc/server";
import { notFound, redirect } from "next/navigation";
import { z } from "zod";
import { RunDetail } from "@/features/runs/run-detail";
import { getRequestContext, getServerApi } from "@/server/session";

export const metadata = { title: "Run" };

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const { session } = await getRequestContext();
  const role = session?.active?.role;
  if (!role || role === "platform_admin" || !can(role, "run.read")) redirect("/");
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const api = await getServerApi();
  // Another tenant's run is not found under row-level security, like one that does not exist.
  const run = await api.run.get({ runId: id }).catch((error: unknown) => {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") return null;
    throw error;
  });
  if (!run) notFound();
  return <RunDetail key={run.id} initialRun={run} canOperate={can(role, "run.operate")} canDecide={can(role, "approval.decide")} />;
}
