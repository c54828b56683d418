"use client";

import { type RouterOutputs } from "@storeflow/api";
import { Badge, Button, Card, CardContent, CardDescription, CardHeader, CardTitle, EmptyState, FormField, Select } from "@storeflow/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type ColumnDef, getCoreRowModel, useReactTable } from "@tanstack/react-table";
import { useMemo, useState } from "react";
import { DUNNING_STATUS, formatDay, invoiceStatusOf } from "@/features/billing/billing-format";
import { BillingTable } from "@/features/billing/billing-table";
import { formatMoney } from "@storeflow/billing/money";
import { messageOf } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { PriceBookEditor } from "./price-book-editor";

type TPriceBookRow = RouterOutputs["priceBook"]["list"][number];
type TMargin = RouterOutputs["clientBilling"]["margins"]["clients"][number];
type TConnect = RouterOutputs["clientBilling"]["connectAccount"];
type TClientInvoice = RouterOutputs["clientBilling"]["invoices"][number];
type TDunning = RouterOutputs["clientBilling"]["dunningCases"][number];

/** Props of {@link ClientBillingManager}. */
export interface ClientBillingManagerProps {
  initial: { priceBooks: TPriceBookRow[]; connect: TConnect; invoices: TClientInvoice[]; dunning: TDunning[]; margins: RouterOutputs["clientBilling"]["margins"] };
  templates: { key: string; title: string }[];
  /** False on a deployment without Stripe: onboarding and issuing are off, prices can still be set. */
  stripeEnabled: boolean;
  /** Connect sent the partner back to make a fresh onboarding link (`?refresh=1`). */
  onboardingExpired: boolean;
}

/** YYYY-MM of this month and the eleven before it (UTC), newest first. */
function recentMonths(now = new Date()): string[] {
  return Array.from({ length: 12 }, (_, i) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1)).toISOString().slice(0, 7));
}

const monthLabel = (period: string) => new Date(`${period}-01T00:00:00Z`).toLocaleDateString("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });
const dash = <span className="text-muted-foreground">—</span>;
const linkClass = "text-brand-text underline underline-offset-4 focus-visible:outline-2 focus-visible:outline-ring";

const CONNECT_TEXT: Record<TConnect["status"], { label: string; variant: "neutral" | "info" | "warning" | "success"; text: string; action: string | null }> = {
  not_connected: { label: "Not connected", variant: "neutral", text: "Connect your own Stripe account to invoice clients: payments go to you, minus the platform's fee.", action: "Connect Stripe" },
  onboarding: { label: "Onboarding", variant: "info", text: "Stripe still needs details before you can charge clients.", action: "Continue onboarding" },
  restricted: { label: "Restricted", variant: "warning", text: "Stripe has restricted charges on your account until it gets what it asks for below.", action: "Update details on Stripe" },
  active: { label: "Active", variant: "success", text: "Client invoices are issued on your Stripe account.", action: null },
};

function ConnectCard({ connect, stripeEnabled, onboardingExpired }: { connect: TConnect; stripeEnabled: boolean; onboardingExpired: boolean }) {
  const trpc = useTRPC();
  const onboarding = useMutation(trpc.clientBilling.startOnboarding.mutationOptions({ onSuccess: ({ url }) => window.location.assign(url) }));
  const state = CONNECT_TEXT[connect.status];
  return (
    <Card>
      <CardHeader>
        <div className="flex flex-wrap items-center gap-3">
          <CardTitle as="h2">Your Stripe account</CardTitle>
          <Badge variant={state.variant}>{state.label}</Badge>
        </div>
        <CardDescription>{state.text}</CardDescription>
      </CardHeader>
      <CardContent className="space-y-3">
        {onboardingExpired && connect.status !== "active" ? <p role="status" className="text-sm">That onboarding link expired. Start again to get a new one.</p> : null}
        {connect.requirementsDue.length > 0 ? <p className="text-sm">Stripe asks for: {connect.requirementsDue.join(", ")}</p> : null}
        {state.action && stripeEnabled ? (
          <Button type="button" onClick={() => onboarding.mutate({})} disabled={onboarding.isPending}>{onboarding.isPending ? "Opening Stripe…" : state.action}</Button>
        ) : null}
        {!stripeEnabled ? <p className="text-sm text-muted-foreground">Billing is not set up on this deployment, so Stripe cannot be connected yet.</p> : null}
        {onboarding.isError ? <p role="alert" className="text-sm text-danger">{messageOf(onboarding.error)}</p> : null}
      </CardContent>
    </Card>
  );
}

function PriceBookTable({ rows, margins, templates, onSaved }: { rows: TPriceBookRow[]; margins: Map<string, TMargin>; templates: ClientBillingManagerProps["templates"]; onSaved: () => Promise<void> }) {
  const titles = useMemo(() => new Map(templates.map((t) => [t.key, t.title])), [templates]);
  const columns = useMemo<ColumnDef<TPriceBookRow>[]>(
    () => [
      { id: "client", header: "Client", cell: ({ row: { original } }) => <span className="font-medium">{original.client.name}{original.client.status === "archived" ? <span className="text-muted-foreground"> (archived)</span> : null}</span> },
      { id: "fee", header: "Monthly fee", cell: ({ row: { original } }) => (original.priceBook ? formatMoney(original.priceBook.monthlyFee, original.priceBook.currency) : <span className="text-muted-foreground">Not priced</span>) },
      { id: "included", header: "Included runs", cell: ({ row: { original } }) => (original.priceBook ? original.priceBook.includedRuns.toLocaleString("en") : dash) },
      { id: "overage", header: "Per extra run", cell: ({ row: { original } }) => (original.priceBook ? formatMoney(original.priceBook.overagePerRun, original.priceBook.currency) : dash) },
      {
        id: "addOns",
        header: "Add-ons",
        cell: ({ row: { original } }) =>
          original.priceBook && original.priceBook.templateAddOns.length > 0 ? (
            <ul className="text-xs">{original.priceBook.templateAddOns.map((a) => <li key={a.templateKey}>{titles.get(a.templateKey) ?? a.templateKey}: {formatMoney(a.monthlyFee, original.priceBook!.currency)}</li>)}</ul>
          ) : dash,
      },
      { id: "runs", header: "Runs", cell: ({ row: { original } }) => margins.get(original.client.id)?.runs.toLocaleString("en") ?? dash },
      {
        id: "charged",
        header: "Charged",
        cell: ({ row: { original } }) => {
          const m = margins.get(original.client.id);
          if (!m || !m.currency) return dash;
          return <>{formatMoney(m.charged, m.currency)}{m.chargedFrom === "estimate" ? <span className="block text-xs text-muted-foreground">estimate so far</span> : null}</>;
        },
      },
      {
        id: "margin",
        header: "Margin",
        cell: ({ row: { original } }) => {
          const m = margins.get(original.client.id);
          if (!m || m.margin === null || !m.currency) return dash;
          return <span className={m.margin < 0 ? "text-danger" : undefined}>{formatMoney(m.margin, m.currency)}{m.marginBps !== null ? ` (${(m.marginBps / 100).toFixed(1)} %)` : ""}</span>;
        },
      },
      {
        id: "actions",
        header: () => <span className="sr-only">Actions</span>,
        cell: ({ row: { original } }) => (original.client.status === "archived" ? null : <PriceBookEditor client={original.client} priceBook={original.priceBook} templates={templates} onSaved={onSaved} />),
      },
    ],
    [margins, templates, titles, onSaved],
  );
  const table = useReactTable({ data: rows, columns, getCoreRowModel: getCoreRowModel(), getRowId: (row) => row.client.id });
  if (rows.length === 0) return <EmptyState titleAs="h3" title="No clients yet" description="Add a client first; then set what you charge it here." />;
  return <BillingTable table={table} label="Client prices" />;
}

function IssueInvoiceForm({ clients, onIssued }: { clients: TPriceBookRow[]; onIssued: () => Promise<void> }) {
  const trpc = useTRPC();
  const priced = clients.filter((c) => c.priceBook && c.client.status === "active");
  // Only months that are over can be invoiced (the server checks each client's own time zone).
  const closedMonths = recentMonths().slice(1);
  const [clientId, setClientId] = useState(priced[0]?.client.id ?? "");
  const [month, setMonth] = useState(closedMonths[0]!);
  const [issued, setIssued] = useState<string | null>(null);
  const issue = useMutation(
    trpc.clientBilling.issueInvoice.mutationOptions({
      onSuccess: async (invoice) => {
        setIssued(`Invoice for ${monthLabel(invoice.period)} issued: ${formatMoney(invoice.subtotal, invoice.currency)}.`);
        await onIssued();
      },
    }),
  );
  if (priced.length === 0) return <p className="text-sm text-muted-foreground">Set a client&apos;s price to invoice it.</p>;
  return (
    <form
      aria-label="Issue an invoice"
      className="flex flex-wrap items-end gap-3"
      onSubmit={(event) => {
        event.preventDefault();
        setIssued(null);
        issue.mutate({ clientId, month });
      }}
    >
      <FormField id="issue-client" label="Client">
        <Select value={clientId} onChange={(event) => setClientId(event.target.value)}>
          {priced.map((c) => <option key={c.client.id} value={c.client.id}>{c.client.name}</option>)}
        </Select>
      </FormField>
      <FormField id="issue-month" label="Month">
        <Select value={month} onChange={(event) => setMonth(event.target.value)}>
          {closedMonths.map((m) => <option key={m} value={m}>{monthLabel(m)}</option>)}
        </Select>
      </FormField>
      <Button type="submit" disabled={issue.isPending || !clientId}>{issue.isPending ? "Issuing…" : "Issue invoice"}</Button>
      <div className="basis-full text-sm" aria-live="polite">
        {issued ? <p role="status" className="text-success">{issued}</p> : null}
        {issue.isError ? <p role="alert" className="text-danger">{messageOf(issue.error)}</p> : null}
      </div>
    </form>
  );
}

const invoiceColumns: ColumnDef<TClientInvoice>[] = [
  { id: "client", header: "Client", cell: ({ row }) => row.original.clientName },
  { id: "period", header: "Month", cell: ({ row }) => monthLabel(row.original.period) },
  { id: "number", header: "Number", cell: ({ row }) => (row.original.number ? <span className="font-mono text-xs">{row.original.number}</span> : dash) },
  { id: "status", header: "Status", cell: ({ row }) => { const s = invoiceStatusOf(row.original.status); return <Badge variant={s.variant}>{s.label}</Badge>; } },
  { id: "runs", header: "Runs", cell: ({ row }) => `${row.original.runs.toLocaleString("en")} (${row.original.includedRuns.toLocaleString("en")} included)` },
  { id: "subtotal", header: "Amount", cell: ({ row }) => formatMoney(row.original.subtotal, row.original.currency) },
  {
    id: "links",
    header: "Documents",
    cell: ({ row: { original: invoice } }) => (
      <div className="flex flex-wrap gap-3">
        {invoice.hostedInvoiceUrl ? <a href={invoice.hostedInvoiceUrl} target="_blank" rel="noreferrer" className={linkClass}>View<span className="sr-only"> {invoice.clientName}&apos;s invoice for {monthLabel(invoice.period)} (opens in a new tab)</span></a> : null}
        {invoice.invoicePdf ? <a href={invoice.invoicePdf} target="_blank" rel="noreferrer" className={linkClass}>PDF<span className="sr-only"> of {invoice.clientName}&apos;s invoice for {monthLabel(invoice.period)} (opens in a new tab)</span></a> : null}
        {!invoice.hostedInvoiceUrl && !invoice.invoicePdf ? dash : null}
      </div>
    ),
  },
];

const dunningColumns: ColumnDef<TDunning>[] = [
  { id: "payer", header: "Who owes", cell: ({ row }) => (row.original.payer === "partner" ? "You (to the platform)" : (row.original.clientName ?? "A client")) },
  { id: "status", header: "State", cell: ({ row }) => { const s = DUNNING_STATUS[row.original.status]; return <Badge variant={s.variant}>{s.label}</Badge>; } },
  { id: "amount", header: "Amount due", cell: ({ row }) => formatMoney(row.original.amountDue, row.original.currency) },
  { id: "failedAt", header: "Payment failed", cell: ({ row }) => formatDay(row.original.failedAt) },
  { id: "grace", header: "Grace ends", cell: ({ row }) => formatDay(row.original.graceEndsAt) },
  { id: "paused", header: "Runs paused", cell: ({ row }) => (row.original.pausedAt ? formatDay(row.original.pausedAt) : dash) },
  { id: "resolved", header: "Paid", cell: ({ row }) => (row.original.resolvedAt ? formatDay(row.original.resolvedAt) : dash) },
];

/** The partner's billing of its clients: Connect status, a price per client with this month's margin, invoices and dunning. */
export function ClientBillingManager({ initial, templates, stripeEnabled, onboardingExpired }: ClientBillingManagerProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const months = recentMonths();
  const [period, setPeriod] = useState(initial.margins.period);
  const priceBooks = useQuery({ ...trpc.priceBook.list.queryOptions({}), initialData: initial.priceBooks });
  const connect = useQuery({ ...trpc.clientBilling.connectAccount.queryOptions({}), initialData: initial.connect });
  const margins = useQuery({ ...trpc.clientBilling.margins.queryOptions({ period }), ...(period === initial.margins.period ? { initialData: initial.margins } : {}) });
  const invoices = useQuery({ ...trpc.clientBilling.invoices.queryOptions({}), initialData: initial.invoices });
  const dunning = useQuery({ ...trpc.clientBilling.dunningCases.queryOptions({}), initialData: initial.dunning });
  const marginByClient = useMemo(() => new Map((margins.data?.clients ?? []).map((m) => [m.clientId, m])), [margins.data]);
  const periodOptions = months.includes(period) ? months : [period, ...months];

  const refreshPrices = async () => {
    await Promise.all([queryClient.invalidateQueries({ queryKey: trpc.priceBook.list.queryKey() }), queryClient.invalidateQueries({ queryKey: trpc.clientBilling.margins.queryKey() })]);
  };
  const refreshInvoices = async () => {
    await Promise.all([queryClient.invalidateQueries({ queryKey: trpc.clientBilling.invoices.queryKey() }), queryClient.invalidateQueries({ queryKey: trpc.clientBilling.margins.queryKey() })]);
  };
  const invoiceTable = useReactTable({ data: invoices.data, columns: invoiceColumns, getCoreRowModel: getCoreRowModel(), getRowId: (i) => i.id });
  const dunningTable = useReactTable({ data: dunning.data, columns: dunningColumns, getCoreRowModel: getCoreRowModel(), getRowId: (d) => d.id });

  return (
    <div className="space-y-8">
      <ConnectCard connect={connect.data} stripeEnabled={stripeEnabled} onboardingExpired={onboardingExpired} />

      <section aria-labelledby="client-prices-heading" className="space-y-3" aria-busy={margins.isFetching && !margins.data}>
        <div className="flex flex-wrap items-end justify-between gap-3">
          <div className="space-y-1">
            <h2 id="client-prices-heading" className="text-lg font-semibold">Prices and margins</h2>
            <p className="text-sm text-muted-foreground">Margin is what you charge, less the platform&apos;s fee on the invoice and its price for the client&apos;s runs.</p>
          </div>
          <FormField id="margin-month" label="Margins for">
            <Select value={period} onChange={(event) => setPeriod(event.target.value)}>
              {periodOptions.map((m) => <option key={m} value={m}>{monthLabel(m)}</option>)}
            </Select>
          </FormField>
        </div>
        {margins.isError ? <p role="alert" className="text-sm text-danger">{messageOf(margins.error)}</p> : null}
        <PriceBookTable rows={priceBooks.data} margins={marginByClient} templates={templates} onSaved={refreshPrices} />
      </section>

      <section aria-labelledby="client-invoices-heading" className="space-y-3">
        <h2 id="client-invoices-heading" className="text-lg font-semibold">Client invoices</h2>
        <p className="text-sm text-muted-foreground">Invoices go out by themselves when each client&apos;s month ends. Issue one by hand for a month that is over; issuing it again changes nothing.</p>
        {stripeEnabled && connect.data.status === "active" ? <IssueInvoiceForm clients={priceBooks.data} onIssued={refreshInvoices} /> : <p className="text-sm text-muted-foreground">Connect your Stripe account to issue invoices.</p>}
        {invoices.data.length === 0 ? <EmptyState titleAs="h3" title="No client invoices yet" description="The first ones are issued when your priced clients' month ends." /> : <BillingTable table={invoiceTable} label="Client invoices" />}
      </section>

      <section aria-labelledby="dunning-heading" className="space-y-3">
        <h2 id="dunning-heading" className="text-lg font-semibold">Unpaid invoices and dunning</h2>
        <p className="text-sm text-muted-foreground">A failed payment opens a case: the payer is past due until the grace period ends, then their runs pause (nothing is dropped) until the invoice is paid.</p>
        {dunning.data.length === 0 ? <EmptyState titleAs="h3" title="No unpaid invoices" description="Every invoice has been paid so far." /> : <BillingTable table={dunningTable} label="Dunning history" />}
      </section>
    </div>
  );
}
