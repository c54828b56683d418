"use client";

import { Button } from "@storeflow/ui";

export function PrintButton() {
  return (
    <Button type="button" onClick={() => window.print()} className="print:hidden">
      Print
    </Button>
  );
}
