"use client";

import { type RouterOutputs } from "@storeflow/api";
import { Button, buttonVariants, Card, CardContent, CardDescription, CardHeader, CardTitle, EmptyState, Skeleton } from "@storeflow/ui";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useTRPC } from "@/trpc/react";
import { RangeSwitch, type TSlaRange } from "./range-switch";
import { downloadCsv, formatBucketLabel, formatPercent } from "./sla-format";

type TOverview = RouterOutputs["sla"]["partnerOverview"];

/** Attainment bands of the heatmap, best first; each cell's colour and the legend come from here. */
const BANDS: { min: number; label: string; className: string }[] = [
  { min: 0.995, label: "99.5 % or more", className: "bg-success text-success-foreground" },
  { min: 0.98, label: "98 – 99.5 %", className: "bg-success-subtle text-success" },
  { min: 0.95, label: "95 – 98 %", className: "bg-warning-subtle text-warning" },
  { min: 0.9, label: "90 – 95 %", className: "bg-danger-subtle text-danger" },
  { min: 0, label: "Below 90 %", className: "bg-danger text-danger-foreground" },
];
const NO_RUNS_CLASS = "bg-muted text-muted-foreground";

function bandOf(attainment: number | null): string {
  if (attainment === null) return NO_RUNS_CLASS;
  return (BANDS.find((b) => attainment >= b.min) ?? BANDS.at(-1)!).className;
}

function Heatmap({ overview }: { overview: TOverview }) {
  const columns = `minmax(8rem, 12rem) repeat(${overview.buckets.length}, minmax(1.75rem, 1fr))`;
  const labels = overview.buckets.map((b) => formatBucketLabel(new Date(b), overview.grain));
  return (
    <div className="space-y-3">
      <div className="overflow-x-auto">
        <div role="table" aria-label={`SLA attainment per client per ${overview.grain}`} className="min-w-max space-y-px text-[10px]">
          <div role="row" className="grid gap-px" style={{ gridTemplateColumns: columns }}>
            <span role="columnheader" className="text-xs font-medium">Client</span>
            {labels.map((label, i) => (
              <span key={i} role="columnheader" className="truncate text-center text-muted-foreground" title={label}>
                {overview.grain === "hour" ? new Date(overview.buckets[i]!).getUTCHours() : new Date(overview.buckets[i]!).getUTCDate()}
                <span className="sr-only"> ({label})</span>
              </span>
            ))}
          </div>
          {overview.heatmap.map((row) => (
            <div key={row.clientId} role="row" className="grid gap-px" style={{ gridTemplateColumns: columns }}>
              <span role="rowheader" className="truncate pr-2 text-xs">
                <Link href={`/clients/${row.clientId}/sla`} className="text-brand-text underline-offset-4 hover:underline">{row.name}</Link>
              </span>
              {row.cells.map((cell, i) => {
                const text = cell === null ? "no runs" : formatPercent(cell);
                return (
                  <span key={i} role="cell" aria-label={`${row.name}, ${labels[i]}: ${text}`} title={`${row.name}, ${labels[i]}: ${text}`} className={`flex h-7 items-center justify-center rounded-sm tabular-nums ${bandOf(cell)}`}>
                    <span aria-hidden>{cell === null ? "" : Math.floor(cell * 100)}</span>
                  </span>
                );
              })}
            </div>
          ))}
        </div>
      </div>
      <ul aria-label="Legend" className="flex flex-wrap gap-3 text-xs">
        {BANDS.map((b) => (
          <li key={b.label} className="flex items-center gap-1.5">
            <span aria-hidden className={`inline-block size-3 rounded-sm ${b.className}`} />
            {b.label}
          </li>
        ))}
        <li className="flex items-center gap-1.5">
          <span aria-hidden className={`inline-block size-3 rounded-sm ${NO_RUNS_CLASS}`} />
          No runs
        </li>
      </ul>
    </div>
  );
}

function TrendChart({ overview }: { overview: TOverview }) {
  const data = overview.trend.map((t) => ({ at: new Date(t.bucketStart).getTime(), attainment: t.attainment === null ? null : t.attainment * 100, successRate: t.successRate === null ? null : t.successRate * 100 }));
  return (
    <div className="h-64" role="img" aria-label={`Attainment and success rate across all clients per ${overview.grain}`}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" className="stroke-border" />
          <XAxis dataKey="at" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={(at: number) => formatBucketLabel(new Date(at), overview.grain)} fontSize={11} />
          <YAxis domain={["auto", 100]} tickFormatter={(v: number) => `${v} %`} width={56} fontSize={11} />
          <Tooltip labelFormatter={(at) => formatBucketLabel(new Date(Number(at)), overview.grain)} formatter={(v) => `${Number(v).toFixed(1)} %`} />
          <Legend />
          <Line type="monotone" dataKey="attainment" name="SLA attainment" stroke="var(--color-brand)" strokeWidth={2} dot={false} connectNulls isAnimationActive={false} />
          <Line type="monotone" dataKey="successRate" name="Success rate" stroke="var(--color-success)" strokeWidth={2} dot={false} connectNulls isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Every client of the partner at once: an attainment heatmap, the worst offenders and the overall trend. */
export function PartnerSlaOverview({ initialOverview }: { initialOverview?: TOverview }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [range, setRange] = useState<TSlaRange>(initialOverview?.range ?? "30d");
  const [exporting, setExporting] = useState<"clients" | "heatmap" | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const initial = initialOverview?.range === range ? initialOverview : undefined;
  const overview = useQuery({ ...trpc.sla.partnerOverview.queryOptions({ range }), ...(initial ? { initialData: initial } : {}) });

  async function exportCsv(table: "clients" | "heatmap") {
    setExporting(table);
    setExportError(null);
    try {
      downloadCsv(await queryClient.fetchQuery(trpc.sla.exportPartnerCsv.queryOptions({ table, range })));
    } catch (error) {
      setExportError(error instanceof Error ? error.message : "The export failed");
    } finally {
      setExporting(null);
    }
  }

  const hasRuns = overview.data?.clients.some((c) => c.runs > 0) ?? false;

  return (
    <section aria-labelledby="partner-sla-heading" className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 id="partner-sla-heading" className="text-2xl font-semibold">Service levels</h1>
        <div className="flex flex-wrap items-center gap-2">
          <RangeSwitch value={range} onChange={setRange} />
          <Button type="button" variant="outline" size="sm" onClick={() => void exportCsv("clients")} disabled={exporting !== null}>
            {exporting === "clients" ? "Preparing…" : "Download clients CSV"}
          </Button>
          <Button type="button" variant="outline" size="sm" onClick={() => void exportCsv("heatmap")} disabled={exporting !== null}>
            {exporting === "heatmap" ? "Preparing…" : "Download heatmap CSV"}
          </Button>
        </div>
      </div>
      {exportError ? <p role="alert" className="text-sm text-danger">{exportError}</p> : null}
      {overview.isPending ? (
        <Skeleton className="h-64 w-full" />
      ) : overview.isError ? (
        <EmptyState title="The SLA overview could not be loaded" description={overview.error.message} />
      ) : !hasRuns ? (
        <EmptyState
          title="No runs in this range yet"
          description="Attainment is measured on workflow runs. Install a template for a client and enable it; every client's figures appear here within a minute of its first run finishing."
          action={<Link href="/templates" className={buttonVariants({ size: "sm" })}>Install a template</Link>}
        />
      ) : (
        <>
          <Card>
            <CardHeader>
              <CardTitle as="h2" className="text-base">Attainment by client</CardTitle>
              <CardDescription>Share of runs that met their SLA, per client per {overview.data.grain}. Select a client for its dashboard.</CardDescription>
            </CardHeader>
            <CardContent><Heatmap overview={overview.data} /></CardContent>
          </Card>
          <div className="grid gap-4 lg:grid-cols-2">
            <Card>
              <CardHeader>
                <CardTitle as="h2" className="text-base">Worst offenders</CardTitle>
                <CardDescription>Clients with breaches or missed targets in this range, worst first.</CardDescription>
              </CardHeader>
              <CardContent>
                {overview.data.worstOffenders.length === 0 ? (
                  <p className="text-sm text-muted-foreground">Every client met its SLA in this range.</p>
                ) : (
                  <ol className="divide-y divide-border">
                    {overview.data.worstOffenders.map((c) => (
                      <li key={c.clientId} className="flex flex-wrap items-baseline justify-between gap-2 py-2 text-sm">
                        <Link href={`/clients/${c.clientId}/sla`} className="font-medium text-brand-text underline-offset-4 hover:underline">{c.name}</Link>
                        <span className="tabular-nums text-muted-foreground">
                          {formatPercent(c.attainment)} attained · {c.breaches} {c.breaches === 1 ? "breach" : "breaches"} · {c.failed} failed of {c.runs}
                        </span>
                      </li>
                    ))}
                  </ol>
                )}
              </CardContent>
            </Card>
            <Card>
              <CardHeader>
                <CardTitle as="h2" className="text-base">Trend</CardTitle>
                <CardDescription>All clients together, per {overview.data.grain}.</CardDescription>
              </CardHeader>
              <CardContent><TrendChart overview={overview.data} /></CardContent>
            </Card>
          </div>
        </>
      )}
    </section>
  );
}
