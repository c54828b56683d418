/** A JSON value behind a disclosure: closed by default, as step inputs and outputs can be long. */
export function JsonBlock({ label, value, open = false }: { label: string; value: unknown; open?: boolean }) {
  if (value === undefined || value === null) return null;
  return (
    <details open={open} className="group rounded-md border border-border">
      <summary className="cursor-pointer rounded-md px-3 py-1.5 text-sm font-medium select-none hover:bg-muted focus-visible:outline-2 focus-visible:outline-ring">{label}</summary>
      <pre className="max-h-96 overflow-auto border-t border-border bg-muted/40 px-3 py-2 font-mono text-xs break-words whitespace-pre-wrap">{JSON.stringify(value, null, 2)}</pre>
    </details>
  );
}
