"use client";

import { type RouterOutputs } from "@storeflow/api";
import { Badge, EmptyState } from "@storeflow/ui";
import { type ColumnDef, getCoreRowModel, useReactTable } from "@tanstack/react-table";
import { formatDay, invoiceStatusOf } from "./billing-format";
import { BillingTable } from "./billing-table";
import { formatMoney } from "@storeflow/billing/money";

type TInvoice = RouterOutputs["billing"]["overview"]["invoices"][number];

const linkClass = "text-brand-text underline underline-offset-4 focus-visible:outline-2 focus-visible:outline-ring";

const columns: ColumnDef<TInvoice>[] = [
  { id: "number", header: "Invoice", cell: ({ row }) => <span className="font-mono text-xs">{row.original.number ?? row.original.id}</span> },
  { id: "period", header: "Period", cell: ({ row }) => `${formatDay(row.original.periodStart)} – ${formatDay(row.original.periodEnd)}` },
  {
    id: "status",
    header: "Status",
    cell: ({ row }) => {
      const status = invoiceStatusOf(row.original.status);
      return <Badge variant={status.variant}>{status.label}</Badge>;
    },
  },
  { id: "total", header: "Total", cell: ({ row }) => <span className="tabular-nums">{formatMoney(row.original.total, row.original.currency)}</span> },
  { id: "due", header: "Due", cell: ({ row }) => <span className="tabular-nums">{formatMoney(Math.max(0, row.original.amountDue - row.original.amountPaid), row.original.currency)}</span> },
  {
    id: "links",
    header: "Documents",
    cell: ({ row: { original: invoice } }) => {
      const name = invoice.number ?? invoice.id;
      return (
        <div className="flex flex-wrap gap-3">
          {invoice.hostedInvoiceUrl ? (
            <a href={invoice.hostedInvoiceUrl} target="_blank" rel="noreferrer" className={linkClass}>
              {invoice.status === "open" ? "Pay" : "View"}<span className="sr-only"> invoice {name} (opens in a new tab)</span>
            </a>
          ) : null}
          {invoice.invoicePdf ? (
            <a href={invoice.invoicePdf} target="_blank" rel="noreferrer" className={linkClass}>
              PDF<span className="sr-only"> of invoice {name} (opens in a new tab)</span>
            </a>
          ) : null}
          {!invoice.hostedInvoiceUrl && !invoice.invoicePdf ? <span className="text-muted-foreground">—</span> : null}
        </div>
      );
    },
  },
];

/** The platform's invoices to the partner, newest first, with Stripe's hosted page and PDF. */
export function InvoicesTable({ invoices }: { invoices: TInvoice[] }) {
  const table = useReactTable({ data: invoices, columns, getCoreRowModel: getCoreRowModel(), getRowId: (invoice) => invoice.id });
  if (invoices.length === 0) return <EmptyState titleAs="h3" title="No invoices yet" description="Your first invoice arrives when you subscribe; later ones at the end of each billing period." />;
  return <BillingTable table={table} label="Invoices" />;
}
