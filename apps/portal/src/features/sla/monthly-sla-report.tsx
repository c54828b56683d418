import { type RouterOutputs } from "@storeflow/api";
import { type TBrand } from "@storeflow/accounts";
import { BREACH_KIND_LABEL, formatDuration, formatPercent } from "./sla-format";

type TReport = RouterOutputs["sla"]["monthlyReport"];

/*
 * The portal chrome (header, nav, footer) is not part of the report on paper,
 * and cards lose their shadows so the page prints cleanly in black and white.
 */
const PRINT_CSS = `
@page { size: A4; margin: 16mm; }
@media print {
  body > div > header, body > div > footer, body > div > a[href="#main"] { display: none !important; }
  main { max-width: none !important; padding: 0 !important; }
  body { background: #fff !important; }
  .sla-report { color: #000; background: #fff; print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  .sla-report table { break-inside: auto; }
  .sla-report tr { break-inside: avoid; }
  .sla-report section { break-inside: avoid-page; }
}
`;

function monthLabel(month: string): string {
  const [year, m] = month.split("-").map(Number);
  return new Date(Date.UTC(year!, m! - 1, 1)).toLocaleDateString("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });
}

/** A client's monthly SLA report under the partner's brand, laid out for paper as much as for the screen. */
export function MonthlySlaReport({ report, brand }: { report: TReport; brand: TBrand }) {
  const { totals } = report;
  const kinds = Object.entries(report.breachesByKind).filter(([, count]) => count > 0) as [keyof typeof BREACH_KIND_LABEL, number][];
  return (
    <article className="sla-report mx-auto max-w-4xl space-y-8 bg-card p-8 print:p-0">
      <style>{PRINT_CSS}</style>
      <header className="flex items-center justify-between gap-4 border-b border-border pb-4">
        <div className="flex items-center gap-3">
          {brand.logoUrl ? <img src={brand.logoUrl} alt={brand.productName} className="h-10 w-auto" /> : <span aria-hidden className="flex h-10 w-10 items-center justify-center rounded bg-brand text-lg font-bold text-brand-foreground">{brand.productName[0]}</span>}
          <span className="text-lg font-semibold">{brand.productName}</span>
        </div>
        <div className="text-right">
          <h1 className="text-2xl font-semibold">SLA report: {report.client.name}</h1>
          <p className="text-sm text-muted-foreground">{monthLabel(report.month)} (UTC)</p>
        </div>
      </header>

      <section aria-labelledby="report-summary" className="space-y-3">
        <h2 id="report-summary" className="text-lg font-semibold">Summary</h2>
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
          {[
            ["SLA attainment", formatPercent(totals.attainment, 2)],
            ["Success rate", formatPercent(totals.successRate, 2)],
            ["Runs", totals.runs.toLocaleString()],
            ["Breaches", totals.breaches.toLocaleString()],
            ["Succeeded", totals.succeeded.toLocaleString()],
            ["Failed", totals.failed.toLocaleString()],
            ["Duration p95", formatDuration(totals.p95Ms)],
            ["Duration p99", formatDuration(totals.p99Ms)],
          ].map(([label, value]) => (
            <div key={label} className="rounded border border-border p-3">
              <dt className="text-xs text-muted-foreground">{label}</dt>
              <dd className="text-xl font-semibold tabular-nums">{value}</dd>
            </div>
          ))}
        </dl>
        {kinds.length > 0 ? (
          <p className="text-sm">Breaches by kind: {kinds.map(([kind, count]) => `${BREACH_KIND_LABEL[kind]} ${count}`).join(" · ")}</p>
        ) : (
          <p className="text-sm">No breaches this month.</p>
        )}
      </section>

      <section aria-labelledby="report-installations" className="space-y-3">
        <h2 id="report-installations" className="text-lg font-semibold">By workflow</h2>
        {report.installations.length === 0 ? (
          <p className="text-sm text-muted-foreground">No workflows ran this month.</p>
        ) : (
          <table className="w-full text-sm">
            <thead>
              <tr className="border-b border-border text-left">
                <th scope="col" className="py-1 pr-2">Template</th>
                <th scope="col" className="py-1 pr-2 text-right">Target</th>
                <th scope="col" className="py-1 pr-2 text-right">Runs</th>
                <th scope="col" className="py-1 pr-2 text-right">Attainment</th>
                <th scope="col" className="py-1 pr-2 text-right">Success rate</th>
                <th scope="col" className="py-1 pr-2 text-right">p95</th>
                <th scope="col" className="py-1 text-right">Breaches</th>
              </tr>
            </thead>
            <tbody>
              {report.installations.map((i) => (
                <tr key={i.installationId} className="border-b border-border">
                  <th scope="row" className="py-1 pr-2 text-left font-medium">{i.templateKey}</th>
                  <td className="py-1 pr-2 text-right tabular-nums">{i.targets ? `${formatDuration(i.targets.runDurationMs)}, ${formatPercent(i.targets.successRate)}` : "–"}</td>
                  <td className="py-1 pr-2 text-right tabular-nums">{i.figures.runs.toLocaleString()}</td>
                  <td className="py-1 pr-2 text-right tabular-nums">{formatPercent(i.figures.attainment, 2)}</td>
                  <td className="py-1 pr-2 text-right tabular-nums">{formatPercent(i.figures.successRate, 2)}</td>
                  <td className="py-1 pr-2 text-right tabular-nums">{formatDuration(i.figures.p95Ms)}</td>
                  <td className="py-1 text-right tabular-nums">{i.figures.breaches}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="report-days" className="space-y-3">
        <h2 id="report-days" className="text-lg font-semibold">By day</h2>
        <table className="w-full text-sm">
          <thead>
            <tr className="border-b border-border text-left">
              <th scope="col" className="py-1 pr-2">Date</th>
              <th scope="col" className="py-1 pr-2 text-right">Runs</th>
              <th scope="col" className="py-1 pr-2 text-right">Attainment</th>
              <th scope="col" className="py-1 text-right">Breaches</th>
            </tr>
          </thead>
          <tbody>
            {report.days.map((d) => (
              <tr key={new Date(d.date).toISOString()} className="border-b border-border">
                <th scope="row" className="py-0.5 pr-2 text-left font-normal tabular-nums">{new Date(d.date).toLocaleDateString("en-GB", { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" })}</th>
                <td className="py-0.5 pr-2 text-right tabular-nums">{d.runs.toLocaleString()}</td>
                <td className="py-0.5 pr-2 text-right tabular-nums">{formatPercent(d.attainment, 2)}</td>
                <td className="py-0.5 text-right tabular-nums">{d.breaches}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <footer className="border-t border-border pt-3 text-xs text-muted-foreground">
        Prepared by {brand.productName}{brand.supportEmail ? ` · ${brand.supportEmail}` : ""} · Figures cover {new Date(report.from).toISOString().slice(0, 10)} to {new Date(report.to).toISOString().slice(0, 10)} (UTC, end exclusive).
      </footer>
    </article>
  );
}
