"use client";

import { type RouterOutputs } from "@storeflow/api";
import { Badge, Button, buttonVariants, Card, CardContent, CardDescription, CardHeader, CardTitle, EmptyState, Skeleton, Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@storeflow/ui";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Bar, CartesianGrid, ComposedChart, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useTRPC } from "@/trpc/react";
import { RangeSwitch, type TSlaRange } from "./range-switch";
import { BREACH_KIND_LABEL, downloadCsv, formatBucketLabel, formatDuration, formatPercent, formatTimestamp } from "./sla-format";

type TDashboard = RouterOutputs["sla"]["clientDashboard"];
type TBreach = RouterOutputs["sla"]["breaches"][number];

/** Props of {@link ClientSlaDashboard}. */
export interface ClientSlaDashboardProps {
  clientId: string;
  /** Read on the server for the first range, so the first paint has figures. */
  initialDashboard?: TDashboard;
  /** Whether the viewer may install templates (partner staff); client users are told whom to ask instead. */
  canInstall: boolean;
}

export function StatTile({ label, value, hint, tone }: { label: string; value: string; hint?: string; tone?: "danger" | "warning" }) {
  return (
    <div className="rounded-lg border border-border bg-card p-4">
      <dt className="text-sm text-muted-foreground">{label}</dt>
      <dd className={`mt-1 text-2xl font-semibold tabular-nums ${tone === "danger" ? "text-danger" : tone === "warning" ? "text-warning" : ""}`}>{value}</dd>
      {hint ? <dd className="mt-1 text-xs text-muted-foreground">{hint}</dd> : null}
    </div>
  );
}

function VolumeChart({ dashboard }: { dashboard: TDashboard }) {
  const data = dashboard.series.map((b) => ({ at: new Date(b.bucketStart).getTime(), succeeded: b.succeeded, failed: b.failed, successRate: b.successRate === null ? null : b.successRate * 100 }));
  return (
    <div className="h-64" role="img" aria-label={`Runs per ${dashboard.grain}: ${dashboard.totals.runs} runs, ${formatPercent(dashboard.totals.successRate)} succeeded`}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" className="stroke-border" />
          <XAxis dataKey="at" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={(at: number) => formatBucketLabel(new Date(at), dashboard.grain)} fontSize={11} />
          <YAxis yAxisId="runs" allowDecimals={false} width={48} fontSize={11} />
          <YAxis yAxisId="rate" orientation="right" domain={[0, 100]} tickFormatter={(v: number) => `${v} %`} width={48} fontSize={11} />
          <Tooltip labelFormatter={(at) => formatBucketLabel(new Date(Number(at)), dashboard.grain)} formatter={(v, name) => (name === "Success rate" ? `${Number(v).toFixed(1)} %` : String(v))} />
          <Legend />
          <Bar yAxisId="runs" dataKey="succeeded" name="Succeeded" stackId="runs" fill="var(--color-success)" isAnimationActive={false} />
          <Bar yAxisId="runs" dataKey="failed" name="Failed" stackId="runs" fill="var(--color-danger)" isAnimationActive={false} />
          <Line yAxisId="rate" type="monotone" dataKey="successRate" name="Success rate" stroke="var(--color-brand)" strokeWidth={2} dot={false} connectNulls isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}

function DurationChart({ dashboard }: { dashboard: TDashboard }) {
  const data = dashboard.series.map((b) => ({ at: new Date(b.bucketStart).getTime(), p50: b.p50Ms, p95: b.p95Ms, p99: b.p99Ms }));
  const { p50Ms, p95Ms, p99Ms } = dashboard.totals;
  return (
    <div className="h-64" role="img" aria-label={`Run duration over the range: p50 ${formatDuration(p50Ms)}, p95 ${formatDuration(p95Ms)}, p99 ${formatDuration(p99Ms)}`}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" className="stroke-border" />
          <XAxis dataKey="at" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={(at: number) => formatBucketLabel(new Date(at), dashboard.grain)} fontSize={11} />
          <YAxis tickFormatter={(v: number) => formatDuration(v)} width={64} fontSize={11} />
          <Tooltip labelFormatter={(at) => formatBucketLabel(new Date(Number(at)), dashboard.grain)} formatter={(v) => formatDuration(Number(v))} />
          <Legend />
          <Line type="monotone" dataKey="p50" name="p50" stroke="var(--color-brand)" strokeWidth={2} dot={false} connectNulls isAnimationActive={false} />
          <Line type="monotone" dataKey="p95" name="p95" stroke="var(--color-warning)" strokeWidth={2} dot={false} connectNulls isAnimationActive={false} />
          <Line type="monotone" dataKey="p99" name="p99" stroke="var(--color-danger)" strokeWidth={2} strokeDasharray="4 2" dot={false} connectNulls isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

function BreachesTable({ breaches }: { breaches: TBreach[] }) {
  if (breaches.length === 0) return <p className="text-sm text-muted-foreground">No breaches in this range.</p>;
  return (
    <Table>
      <TableCaption className="sr-only">SLA breaches, newest first</TableCaption>
      <TableHeader>
        <TableRow>
          <TableHead>Detected</TableHead>
          <TableHead>Kind</TableHead>
          <TableHead>Template</TableHead>
          <TableHead>Deadline</TableHead>
          <TableHead>Run</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {breaches.map((b) => (
          <TableRow key={b.id}>
            <TableCell className="tabular-nums">{formatTimestamp(new Date(b.detectedAt))}</TableCell>
            <TableCell><Badge variant={b.kind === "run_duration" ? "warning" : "danger"}>{BREACH_KIND_LABEL[b.kind]}</Badge></TableCell>
            <TableCell>{b.templateKey ?? "–"}</TableCell>
            <TableCell className="tabular-nums">{formatTimestamp(new Date(b.deadline))}</TableCell>
            <TableCell>{b.runId ? <Link href={`/runs/${b.runId}`} className="text-brand-text underline-offset-4 hover:underline">Open run</Link> : "–"}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/**
 * One client's SLA over 24 h, 7 d or 30 d: attainment, volume, success rate,
 * duration percentiles, breaches, backlog and open exceptions, all read from
 * rollups so switching range stays cheap.
 */
export function ClientSlaDashboard({ clientId, initialDashboard, canInstall }: ClientSlaDashboardProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [range, setRange] = useState<TSlaRange>(initialDashboard?.range ?? "24h");
  const [exporting, setExporting] = useState<"series" | "breaches" | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const initial = initialDashboard?.range === range ? initialDashboard : undefined;
  const dashboard = useQuery({ ...trpc.sla.clientDashboard.queryOptions({ clientId, range }), ...(initial ? { initialData: initial } : {}) });
  const breaches = useQuery(trpc.sla.breaches.queryOptions({ clientId, range }));

  async function exportCsv(table: "series" | "breaches") {
    setExporting(table);
    setExportError(null);
    try {
      downloadCsv(await queryClient.fetchQuery(trpc.sla.exportClientCsv.queryOptions({ clientId, table, range })));
    } catch (error) {
      setExportError(error instanceof Error ? error.message : "The export failed");
    } finally {
      setExporting(null);
    }
  }

  const month = new Date().toISOString().slice(0, 7);
  const totals = dashboard.data?.totals;
  const hasData = (totals?.runs ?? 0) > 0 || (totals?.breaches ?? 0) > 0 || (totals?.backlog ?? 0) > 0;

  return (
    <section aria-labelledby="client-sla-heading" className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="client-sla-heading" className="text-lg font-semibold">Service levels</h2>
        <div className="flex flex-wrap items-center gap-2">
          <RangeSwitch value={range} onChange={setRange} />
          <Button type="button" variant="outline" size="sm" onClick={() => void exportCsv("series")} disabled={exporting !== null}>
            {exporting === "series" ? "Preparing…" : "Download CSV"}
            <span className="sr-only"> of the figures per {range === "30d" ? "day" : "hour"}</span>
          </Button>
          <Link href={`/clients/${clientId}/sla/report?month=${month}`} className={buttonVariants({ variant: "outline", size: "sm" })}>
            Monthly report
          </Link>
        </div>
      </div>
      {exportError ? <p role="alert" className="text-sm text-danger">{exportError}</p> : null}
      {dashboard.isPending ? (
        <Skeleton className="h-64 w-full" />
      ) : dashboard.isError ? (
        <EmptyState title="The SLA dashboard could not be loaded" description={dashboard.error.message} titleAs="h3" />
      ) : !hasData ? (
        <EmptyState
          title="No runs in this range yet"
          description={
            canInstall
              ? "SLA figures come from this client's workflow runs. Install a template for the client and enable it; attainment, volume and durations appear here within a minute of the first run finishing."
              : "SLA figures come from your workflow runs. Ask your partner to install a template for you; attainment, volume and durations appear here within a minute of the first run finishing."
          }
          titleAs="h3"
          action={canInstall ? <Link href="/templates" className={buttonVariants({ size: "sm" })}>Install a template</Link> : undefined}
        />
      ) : (
        <>
          <dl className="grid grid-cols-2 gap-3 md:grid-cols-3 lg:grid-cols-6">
            <StatTile label="SLA attainment" value={formatPercent(dashboard.data.totals.attainment)} hint={`${dashboard.data.totals.attained} of ${dashboard.data.totals.runs} runs on time`} />
            <StatTile label="Success rate" value={formatPercent(dashboard.data.totals.successRate)} hint={`${dashboard.data.totals.failed} failed`} />
            <StatTile label="Runs" value={dashboard.data.totals.runs.toLocaleString("en-GB")} />
            <StatTile label="Breaches" value={dashboard.data.totals.breaches.toLocaleString("en-GB")} tone={dashboard.data.totals.breaches > 0 ? "danger" : undefined} />
            <StatTile label="Open exceptions" value={dashboard.data.openExceptions.toLocaleString("en-GB")} tone={dashboard.data.openExceptions > 0 ? "warning" : undefined} />
            <StatTile label="Backlog age" value={dashboard.data.totals.backlog > 0 ? formatDuration(dashboard.data.totals.backlogAgeMs) : "–"} hint={`${dashboard.data.totals.backlog} waiting`} />
          </dl>
          <div className="grid gap-4 lg:grid-cols-2">
            <Card>
              <CardHeader>
                <CardTitle as="h3" className="text-base">Volume and success rate</CardTitle>
                <CardDescription>Runs per {dashboard.data.grain}, split by outcome.</CardDescription>
              </CardHeader>
              <CardContent><VolumeChart dashboard={dashboard.data} /></CardContent>
            </Card>
            <Card>
              <CardHeader>
                <CardTitle as="h3" className="text-base">Run duration</CardTitle>
                <CardDescription>p50, p95 and p99 per {dashboard.data.grain}.</CardDescription>
              </CardHeader>
              <CardContent><DurationChart dashboard={dashboard.data} /></CardContent>
            </Card>
          </div>
        </>
      )}
      <Card>
        <CardHeader className="flex flex-row flex-wrap items-center justify-between gap-2">
          <CardTitle as="h3" className="text-base">Breaches</CardTitle>
          <Button type="button" variant="outline" size="sm" onClick={() => void exportCsv("breaches")} disabled={exporting !== null}>
            {exporting === "breaches" ? "Preparing…" : "Download CSV"}
            <span className="sr-only"> of breaches</span>
          </Button>
        </CardHeader>
        <CardContent>
          {breaches.isPending ? <Skeleton className="h-24 w-full" /> : breaches.isError ? <p role="alert" className="text-sm text-danger">{breaches.error.message}</p> : <BreachesTable breaches={breaches.data} />}
        </CardContent>
      </Card>
    </section>
  );
}
