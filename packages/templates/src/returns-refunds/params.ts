import { z } from "zod";
import { REASON_LABELS } from "./reasons";

const ZBcNumber = z.string().trim().min(1).max(20);

export const approverRoles = ["client_admin", "partner_owner", "partner_admin", "partner_operator"] as const;

export const ZReturnsRefundsParams = z.object({
  returnWindowDays: z.int().min(0).max(365).default(30).meta({
    title: "Return window (days)",
    description: "A return requested more than this many days after the order was placed is refused.",
  }),
  finalSaleSkus: z
    .array(z.string().trim().min(1).max(255))
    .default([])
    .meta({
      title: "Final-sale SKUs",
      description: 'SKUs that cannot be returned (clearance, hygiene, made to order). A trailing * matches a prefix: "CLEAR-*" covers every SKU starting with CLEAR-.',
    }),
  writeOffConditions: z
    .array(z.string().trim().min(1).max(50))
    .default(["damaged"])
    .meta({
      title: "Write-off conditions",
      description: "Item conditions (as the return states them: unopened, opened, damaged…) that are written off instead of restocked. Any other condition goes back into stock.",
    }),
  writeOffReasons: z
    .array(z.enum(REASON_LABELS))
    .default(["damaged", "defective"])
    .meta({
      title: "Write-off reasons",
      description: "Return reasons (as classified) that mean the product is at fault: those items are written off whatever their condition, and a supplier claim is noted.",
    }),
  classificationConfidence: z.number().min(0).max(1).default(0.8).meta({
    title: "Reason classification confidence",
    description: "How sure (0–1) the classifier must be of the return reason to act on it alone; below it a person reviews the return first.",
  }),
  approvalThreshold: z.number().min(0).default(250).meta({
    title: "Approval threshold",
    description: "A refund above this amount (in the order's currency) waits for an approver.",
  }),
  highValueSkus: z
    .array(z.string().trim().min(1).max(255))
    .default([])
    .meta({ title: "High-value SKUs", description: "A return of any of these SKUs waits for an approver, whatever the amount. A trailing * matches a prefix." }),
  approverRole: z.enum(approverRoles).default("client_admin").meta({ title: "Approver", description: "Who reviews returns above the threshold, flagged as unusual, or with an unclear reason." }),
  approvalExpiresInHours: z.int().min(1).max(720).default(72).meta({
    title: "Approval expires after (hours)",
    description: "A review left undecided this long goes to the exception queue; nothing is refunded meanwhile.",
  }),
  returnLocationId: z
    .string()
    .trim()
    .regex(/^(gid:\/\/shopify\/Location\/)?\d+$/, "a Shopify location id: 123 or gid://shopify/Location/123")
    .meta({ title: "Return location", description: "The Shopify location returned goods are put back into stock at." }),
  customerNumber: ZBcNumber.meta({
    title: "Business Central customer",
    description: "The customer number web-shop sales are invoiced to in Business Central; each return's credit memo is made out to it.",
  }),
  itemNumbers: z
    .record(z.string().min(1).max(255), ZBcNumber)
    .default({})
    .meta({ title: "Item numbers", description: "The Business Central item number of a Shopify SKU, where they differ; a SKU not listed is its own item number." }),
  writeOffAccountNumber: ZBcNumber.meta({
    title: "Write-off account",
    description: "The G/L account credit memo lines of written-off items post to, so they are not counted back into inventory.",
  }),
  refundOnReturnRequest: z.boolean().default(true).meta({
    title: "Refund when a return is requested in Shopify",
    description: "Start a run for each return requested in Shopify. Off: runs are started by staff (or another workflow) once the goods are inspected, with the item conditions.",
  }),
  emailCustomer: z.boolean().default(true).meta({
    title: "E-mail the customer",
    description: "Tell the customer the return was refunded, refused or rejected. Turn off when another workflow already sends refund notices.",
  }),
  signature: z.string().trim().min(1).max(200).default("Customer service").meta({ title: "E-mail signature", description: "How the e-mails to customers are signed." }),
});

export type TReturnsRefundsParams = z.output<typeof ZReturnsRefundsParams>;
