import { z } from "zod";

const ZNumber = z.string().min(1).max(20);

const ZReorderRule = z.strictObject({
  vendorNumber: ZNumber.meta({ title: "Vendor", description: "The Business Central vendor number the item is bought from." }),
  reorderPoint: z.number().min(0).meta({
    title: "Reorder point",
    description: "Order when the available quantity (on hand plus still to receive on open purchase orders) is at or below this.",
  }),
  dailyDemand: z.number().min(0).default(0).meta({ title: "Daily demand", description: "Units sold or used per day, to cover the supplier's lead time." }),
  packSize: z.int().min(1).default(1).meta({ title: "Pack size", description: "The supplier sells in multiples of this; the quantity is rounded up to it." }),
  minimumOrderQuantity: z.number().min(0).default(0).meta({
    title: "Minimum order quantity",
    description: "Never order fewer than this (Business Central's fixed reorder quantity); 0 orders just what is short.",
  }),
});

const ZSupplier = z.strictObject({
  email: z.email().meta({ title: "Order e-mail", description: "Where the supplier receives purchase orders." }),
  leadTimeDays: z.int().min(0).max(365).default(7).meta({ title: "Lead time (days)", description: "Days from ordering to the goods arriving." }),
});

export const approverRoles = ["client_admin", "partner_owner", "partner_admin", "partner_operator"] as const;

export const ZLowStockReplenishmentParams = z
  .object({
    cron: z.string().min(1).default("0 6 * * 1-5").meta({ title: "Schedule", description: "When to check stock (cron, in the client's time zone); by default weekdays at 06:00." }),
    items: z.record(ZNumber, ZReorderRule).meta({
      title: "Reorder rules",
      description:
        "Per Business Central item number: its vendor, reorder point, daily demand, pack size and minimum order quantity. API v2.0 does not expose the item card's reorder fields, so they are kept here; items without a rule are never ordered.",
    }),
    suppliers: z.record(ZNumber, ZSupplier).meta({
      title: "Suppliers",
      description: "Per Business Central vendor number: the address purchase orders are e-mailed to and the lead time.",
    }),
    approvalThreshold: z.number().min(0).default(5000).meta({
      title: "Approval threshold",
      description: "A purchase order whose amount (excluding tax, in the order's currency) is above this waits for an approver before it is sent.",
    }),
    approverRole: z.enum(approverRoles).default("client_admin").meta({ title: "Approver", description: "Who approves purchase orders above the threshold." }),
    approvalExpiresInHours: z.int().min(1).max(720).default(48).meta({
      title: "Approval expires after (hours)",
      description: "An approval left undecided this long goes to the exception queue; the draft stays unsent.",
    }),
    acknowledgementTimeoutHours: z.int().min(1).max(720).default(72).meta({
      title: "Acknowledgement deadline (hours)",
      description: "A supplier that has not acknowledged a purchase order this long after it was sent opens an exception.",
    }),
  })
  .superRefine((params, context) => {
    for (const [itemNumber, rule] of Object.entries(params.items)) {
      if (!Object.hasOwn(params.suppliers, rule.vendorNumber)) {
        context.addIssue({ code: "custom", path: ["items", itemNumber, "vendorNumber"], message: `vendor ${rule.vendorNumber} is not among the suppliers` });
      }
    }
  });

export type TLowStockReplenishmentParams = z.output<typeof ZLowStockReplenishmentParams>;
