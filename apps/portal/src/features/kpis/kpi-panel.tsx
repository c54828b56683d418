"use client";

import { type RouterOutputs } from "@storeflow/api";
import { Badge, Card, CardContent, CardDescription, CardHeader, CardTitle, EmptyState, Label, Select, Skeleton } from "@storeflow/ui";
import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { CartesianGrid, Line, LineChart, ReferenceDot, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useTRPC } from "@/trpc/react";
import { formatBucket, formatKpiValue } from "./kpi-format";

type TSeries = RouterOutputs["kpi"]["series"];
type TKpi = TSeries["kpis"][number];
type TRange = TSeries["range"];

const RANGES: { value: TRange; label: string }[] = [
  { value: "24h", label: "Last 24 hours" },
  { value: "7d", label: "Last 7 days" },
  { value: "30d", label: "Last 30 days" },
];

/** Props of {@link KpiPanel}. */
export interface KpiPanelProps {
  installationId: string;
  /** What the series were read with on the server, so the first paint has data. */
  initialSeries?: TSeries;
}

function KpiChart({ kpi, grain, timeZone }: { kpi: TKpi; grain: TSeries["grain"]; timeZone: string }) {
  const data = kpi.buckets.map((b) => ({ at: new Date(b.bucketStart).getTime(), value: b.value, p95: b.p95, count: b.count }));
  const latest = kpi.buckets.at(-1);
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h3" className="flex items-center gap-2 text-base">
          {kpi.title}
          {kpi.anomalies.length > 0 ? <Badge variant="danger">{kpi.anomalies.length === 1 ? "1 anomaly" : `${kpi.anomalies.length} anomalies`}</Badge> : null}
        </CardTitle>
        <CardDescription>
          {kpi.description} {kpi.aggregate === "sum" ? "Total per bucket." : "Average per bucket."}
          {latest ? ` Latest: ${formatKpiValue(latest.value, kpi.unit)}.` : ""}
        </CardDescription>
      </CardHeader>
      <CardContent>
        {data.length === 0 ? (
          <p className="text-sm text-muted-foreground">No values in this range.</p>
        ) : (
          <div className="h-48" role="img" aria-label={`${kpi.title} trend, ${data.length} buckets, ${kpi.anomalies.length} flagged`}>
            <ResponsiveContainer width="100%" height="100%">
              <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
                <CartesianGrid strokeDasharray="3 3" className="stroke-border" />
                <XAxis dataKey="at" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={(at: number) => formatBucket(new Date(at), grain, timeZone)} fontSize={11} />
                <YAxis tickFormatter={(v: number) => formatKpiValue(v, kpi.unit)} width={72} fontSize={11} />
                <Tooltip labelFormatter={(at) => formatBucket(new Date(Number(at)), grain, timeZone)} formatter={(v) => formatKpiValue(Number(v), kpi.unit)} />
                <Line type="monotone" dataKey="value" name={kpi.title} stroke="var(--color-primary, #2563eb)" dot={false} strokeWidth={2} isAnimationActive={false} />
                {kpi.anomalies.map((a) => (
                  <ReferenceDot key={a.id} x={new Date(a.bucketStart).getTime()} y={a.observed} r={5} fill="#dc2626" stroke="white" />
                ))}
              </LineChart>
            </ResponsiveContainer>
          </div>
        )}
        {kpi.anomalies.length > 0 ? (
          <ul className="mt-3 space-y-1 text-sm">
            {kpi.anomalies.map((a) => (
              <li key={a.id}>
                <span className="font-medium">{formatBucket(new Date(a.bucketStart), grain, timeZone)}</span>: {formatKpiValue(a.observed, kpi.unit)}, {a.direction === "up" ? "above" : "below"} the usual {formatKpiValue(a.baseline, kpi.unit)} (score {a.score.toFixed(1)})
              </li>
            ))}
          </ul>
        ) : null}
      </CardContent>
    </Card>
  );
}

/**
 * An installation's business KPIs: each one's trend over the chosen range,
 * with the buckets flagged as anomalies against the series' own baseline
 * marked in red. Reads rollups only, so it is cheap to show on any dashboard.
 */
export function KpiPanel({ installationId, initialSeries }: KpiPanelProps) {
  const trpc = useTRPC();
  const [range, setRange] = useState<TRange>(initialSeries?.range ?? "7d");
  const [dimension, setDimension] = useState(initialSeries?.dimension ?? "");
  const rangeId = useId();
  const dimensionId = useId();
  const initial = initialSeries && initialSeries.range === range && initialSeries.dimension === dimension ? initialSeries : undefined;
  const series = useQuery({ ...trpc.kpi.series.queryOptions({ installationId, range, dimension }), ...(initial ? { initialData: initial } : {}) });
  const dimensions = [...new Set(series.data?.kpis.flatMap((k) => k.dimensions) ?? [])].sort();
  const dimensionKind = series.data?.kpis.find((k) => k.dimensionKind)?.dimensionKind ?? "store";
  const hasData = series.data?.kpis.some((k) => k.buckets.length > 0) ?? false;

  return (
    <section aria-labelledby="kpi-panel-heading" className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h2 id="kpi-panel-heading" className="text-lg font-semibold">Business KPIs</h2>
        <div className="flex flex-wrap gap-3">
          {dimensions.length > 0 ? (
            <div className="grid gap-1">
              <Label htmlFor={dimensionId}>{dimensionKind === "store" ? "Store" : dimensionKind === "sku" ? "SKU" : "Vendor"}</Label>
              <Select id={dimensionId} value={dimension} onChange={(e) => setDimension(e.target.value)}>
                <option value="">All</option>
                {dimensions.map((d) => (
                  <option key={d} value={d}>{d}</option>
                ))}
              </Select>
            </div>
          ) : null}
          <div className="grid gap-1">
            <Label htmlFor={rangeId}>Range</Label>
            <Select id={rangeId} value={range} onChange={(e) => setRange(e.target.value as TRange)}>
              {RANGES.map((r) => (
                <option key={r.value} value={r.value}>{r.label}</option>
              ))}
            </Select>
          </div>
        </div>
      </div>
      {series.isPending ? (
        <Skeleton className="h-48 w-full" />
      ) : series.isError ? (
        <EmptyState title="KPIs could not be loaded" description={series.error.message} titleAs="h3" />
      ) : series.data.kpis.length === 0 ? (
        <EmptyState title="This template reports no KPIs" description="Its runs are still tracked on the runs and SLA pages." titleAs="h3" />
      ) : !hasData ? (
        <EmptyState
          title="No KPI values yet"
          description="KPIs are recorded from finished runs, within a minute of each run ending. Enable the installation and let it run (or start a run by hand from Installations); trends appear here, and anomalies are flagged once a series has about eight hours of history."
          titleAs="h3"
        />
      ) : (
        <div className="grid gap-4 lg:grid-cols-2">
          {series.data.kpis.map((kpi) => (
            <KpiChart key={kpi.key} kpi={kpi} grain={series.data.grain} timeZone={series.data.timeZone} />
          ))}
        </div>
      )}
    </section>
  );
}
