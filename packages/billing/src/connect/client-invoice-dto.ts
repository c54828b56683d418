import { ClientInvoiceStatus } from "@storeflow/db";
import { z } from "zod";
import { ZInvoiceLine } from "./invoice-lines";

export const ZClientInvoice = z.object({
  id: z.uuid(),
  clientId: z.uuid(),
  period: z.string(),
  periodStart: z.date(),
  periodEnd: z.date(),
  status: z.enum(ClientInvoiceStatus),
  currency: z.string(),
  lines: z.array(ZInvoiceLine),
  runs: z.int(),
  includedRuns: z.int(),
  subtotal: z.int(),
  applicationFee: z.int(),
  stripeInvoiceId: z.string().nullable(),
  number: z.string().nullable(),
  hostedInvoiceUrl: z.string().nullable(),
  invoicePdf: z.string().nullable(),
  issuedAt: z.date().nullable(),
  paidAt: z.date().nullable(),
});
export type TClientInvoice = z.infer<typeof ZClientInvoice>;

export const clientInvoiceSelect = {
  id: true,
  clientId: true,
  period: true,
  periodStart: true,
  periodEnd: true,
  status: true,
  currency: true,
  lines: true,
  runs: true,
  includedRuns: true,
  subtotal: true,
  applicationFee: true,
  stripeInvoiceId: true,
  number: true,
  hostedInvoiceUrl: true,
  invoicePdf: true,
  issuedAt: true,
  paidAt: true,
} as const;

/** Lines were computed by computeInvoiceLines and stored whole; parsing them again keeps the DTO honest. */
export function toClientInvoice<T extends { lines: unknown }>(row: T): Omit<T, "lines"> & { lines: z.infer<typeof ZInvoiceLine>[] } {
  return { ...row, lines: z.array(ZInvoiceLine).parse(row.lines) };
}

/** Stripe's invoice status as ours; a draft is still being issued. */
export function invoiceStatusOf(status: string | null | undefined): ClientInvoiceStatus {
  switch (status) {
    case "open":
      return ClientInvoiceStatus.open;
    case "paid":
      return ClientInvoiceStatus.paid;
    case "void":
      return ClientInvoiceStatus.void;
    case "uncollectible":
      return ClientInvoiceStatus.uncollectible;
    default:
      return ClientInvoiceStatus.issuing;
  }
}
