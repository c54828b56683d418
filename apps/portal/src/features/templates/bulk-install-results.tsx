import { Badge, Button } from "@storeflow/ui";
import Link from "next/link";
import { issueTextOf, type TBulkResult, type TTemplate } from "@/features/installations/install-form";
import { type TSchemaField } from "@/features/schema-form/schema-fields";

/** Props of {@link BulkInstallResults}. */
export interface BulkInstallResultsProps {
  template: TTemplate;
  fields: TSchemaField[];
  clients: { id: string; name: string }[];
  results: TBulkResult[];
  /** Back to the parameters with only the failed clients chosen. */
  onRetry: (failed: Extract<TBulkResult, { ok: false }>[]) => void;
  onDone: (message: string) => void;
}

/** Each client's outcome of a bulk install: installed, or why not and where to fix it. */
export function BulkInstallResults({ template, fields, clients, results, onRetry, onDone }: BulkInstallResultsProps) {
  const nameOf = (id: string) => clients.find((c) => c.id === id)?.name ?? "A client";
  const failed = results.filter((r): r is Extract<TBulkResult, { ok: false }> => !r.ok);
  const installed = results.length - failed.length;
  const summary = `${template.title} is installed for ${installed} of ${results.length} clients.`;
  return (
    <div className="grid gap-4">
      <p role="status" className="text-sm">{summary}{failed.length > 0 ? ` ${failed.length} need attention.` : ""}</p>
      <ul aria-label="Results by client" className="grid gap-3">
        {results.map((result) => (
          <li key={result.clientId} className="grid gap-1 rounded-md border border-border p-3">
            <div className="flex flex-wrap items-center gap-2">
              <span className="font-medium">{nameOf(result.clientId)}</span>
              {result.ok ? <Badge variant="success">Installed</Badge> : <Badge variant="danger">Not installed</Badge>}
            </div>
            {result.ok ? (
              <Link href={`/installations?client=${encodeURIComponent(result.clientId)}`} className="text-sm text-brand-text underline underline-offset-4">
                See {nameOf(result.clientId)}&apos;s installations
              </Link>
            ) : (
              <>
                {result.issues.length > 0 ? (
                  <ul className="list-disc pl-5 text-sm text-danger">
                    {result.issues.map((issue, i) => (
                      <li key={i}>{issueTextOf(issue, template.bindings, fields)}</li>
                    ))}
                  </ul>
                ) : (
                  <p className="text-sm text-danger">{result.message}</p>
                )}
                {result.issues.some((issue) => issue.path[0] === "bindings") ? (
                  <Link href={`/connections?client=${encodeURIComponent(result.clientId)}`} className="text-sm text-brand-text underline underline-offset-4">
                    Open {nameOf(result.clientId)}&apos;s connections
                  </Link>
                ) : null}
              </>
            )}
          </li>
        ))}
      </ul>
      <div className="flex flex-wrap gap-2">
        {failed.length > 0 ? (
          <Button type="button" variant="outline" onClick={() => onRetry(failed)}>
            Try again for the {failed.length === 1 ? "client" : `${failed.length} clients`} not installed
          </Button>
        ) : null}
        <Button type="button" onClick={() => onDone(summary)}>Done</Button>
      </div>
    </div>
  );
}
