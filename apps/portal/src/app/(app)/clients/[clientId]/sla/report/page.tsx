import { can } from "@storeflow/accounts";
import { buttonVariants } from "@storeflow/ui";
import { TRPCError } from "@trpc/server";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { z } from "zod";
import { MonthlySlaReport } from "@/features/sla/monthly-sla-report";
import { PrintButton } from "@/features/sla/print-button";
import { getBrand } from "@/server/brand";
import { getRequestContext, getServerApi } from "@/server/session";

export const metadata = { title: "Monthly SLA report" };

const ZMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);

/** The month before or after `month` ("2026-01" → "2025-12"), for the report's navigation. */
function shiftMonth(month: string, by: number): string {
  const [year, m] = month.split("-").map(Number);
  return new Date(Date.UTC(year!, m! - 1 + by, 1)).toISOString().slice(0, 7);
}

/** A client's printable monthly SLA report; `?month=YYYY-MM`, the current UTC month when absent. */
export default async function MonthlySlaReportPage({ params, searchParams }: { params: Promise<{ clientId: string }>; searchParams: Promise<{ month?: string | string[] }> }) {
  const { session } = await getRequestContext();
  const role = session?.active?.role;
  if (!role || role === "platform_admin" || !can(role, "sla.read")) redirect("/");
  const [{ clientId }, query] = await Promise.all([params, searchParams]);
  if (!z.uuid().safeParse(clientId).success) notFound();
  const requested = typeof query.month === "string" ? query.month : undefined;
  const month = requested && ZMonth.safeParse(requested).success ? requested : new Date().toISOString().slice(0, 7);
  if (requested !== month) redirect(`/clients/${clientId}/sla/report?month=${month}`);
  const api = await getServerApi();
  // Another tenant's client is not found under row-level security, like one that does not exist.
  const [report, brand] = await Promise.all([
    api.sla.monthlyReport({ clientId, month }).catch((error: unknown) => {
      if (error instanceof TRPCError && error.code === "NOT_FOUND") return null;
      throw error;
    }),
    getBrand(),
  ]);
  if (!report) notFound();
  return (
    <div className="space-y-4">
      <nav aria-label="Report months" className="flex flex-wrap items-center gap-2 print:hidden">
        <Link href={`/clients/${clientId}/sla`} className={buttonVariants({ variant: "ghost", size: "sm" })}>Back to dashboard</Link>
        <Link href={`/clients/${clientId}/sla/report?month=${shiftMonth(month, -1)}`} className={buttonVariants({ variant: "outline", size: "sm" })}>Previous month</Link>
        <Link href={`/clients/${clientId}/sla/report?month=${shiftMonth(month, 1)}`} className={buttonVariants({ variant: "outline", size: "sm" })}>Next month</Link>
        <span className="flex-1" />
        <PrintButton />
      </nav>
      <MonthlySlaReport report={report} brand={brand} />
    </div>
  );
}
