"use client";

import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/** Props of {@link UsageChart}. */
export interface UsageChartProps {
  /** Finished runs per UTC day of the period so far, oldest first. */
  daily: { day: string; runs: number }[];
  /** The plan's included runs; null without a plan (no line drawn). */
  includedRuns: number | null;
}

const dayLabel = (day: string) => new Date(`${day}T00:00:00Z`).toLocaleDateString("en-GB", { day: "2-digit", month: "short", timeZone: "UTC" });

/** Runs used to date in the period (a cumulative line) against the plan's included runs (a dashed reference line). */
export function UsageChart({ daily, includedRuns }: UsageChartProps) {
  let total = 0;
  const data = daily.map((d) => ({ day: d.day, runs: d.runs, used: (total += d.runs) }));
  const top = Math.max(total, includedRuns ?? 0);
  const summary = includedRuns === null ? `${total} runs used so far this period` : `${total} of ${includedRuns} included runs used so far this period`;
  return (
    <div className="h-64" role="img" aria-label={`Cumulative runs per day. ${summary}.`}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 16, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" className="stroke-border" />
          <XAxis dataKey="day" tickFormatter={dayLabel} fontSize={11} />
          <YAxis domain={[0, Math.ceil(top * 1.1) || 10]} allowDecimals={false} width={56} fontSize={11} />
          <Tooltip labelFormatter={(day) => dayLabel(String(day))} formatter={(value, name) => [Number(value).toLocaleString("en"), name === "used" ? "Runs to date" : "Runs that day"]} />
          {includedRuns !== null ? (
            <ReferenceLine y={includedRuns} stroke="var(--color-warning)" strokeDasharray="6 3" label={{ value: `Included: ${includedRuns.toLocaleString("en")}`, position: "insideTopLeft", fontSize: 11, fill: "var(--color-foreground)" }} />
          ) : null}
          <Line type="monotone" dataKey="used" name="used" stroke="var(--color-brand-text)" strokeWidth={2} dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
