"use client";

import { Badge } from "@storeflow/ui";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/react";

/** The partner's audit chain, recomputed by the server: intact, or where it first breaks. */
export function ChainStatus() {
  const trpc = useTRPC();
  const verify = useQuery(trpc.audit.verify.queryOptions({}));
  if (verify.isPending) return <Badge>Verifying audit chain…</Badge>;
  if (verify.isError) return <Badge variant="warning">Audit chain not verified</Badge>;
  const { ok, checked, breaks } = verify.data;
  if (ok) return <Badge variant="success">Chain verified ✓ ({checked} events)</Badge>;
  const first = breaks[0];
  return (
    <Badge variant="danger" role="status" title={breaks.map((b) => `#${b.seq}: ${b.problem}`).join("\n")}>
      Tampering detected at #{first?.seq}
      {breaks.length > 1 ? ` (+${breaks.length - 1} more)` : ""}
    </Badge>
  );
}
