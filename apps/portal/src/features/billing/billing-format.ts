import { type BadgeProps } from "@storeflow/ui";

type TBadgeVariant = NonNullable<BadgeProps["variant"]>;

/** A day such as a grace period's end, in UTC with a fixed locale (server and browser render the same text). */
export function formatDay(at: Date): string {
  return at.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
}

/** Stripe's subscription statuses in words, with a badge colour; the text always names the status. */
const SUBSCRIPTION_STATUS: Record<string, { label: string; variant: TBadgeVariant }> = {
  active: { label: "Active", variant: "success" },
  trialing: { label: "Trial", variant: "info" },
  past_due: { label: "Past due", variant: "danger" },
  unpaid: { label: "Unpaid", variant: "danger" },
  incomplete: { label: "Waiting for payment", variant: "warning" },
  incomplete_expired: { label: "Expired", variant: "neutral" },
  paused: { label: "Paused", variant: "warning" },
  canceled: { label: "Cancelled", variant: "neutral" },
};

export function subscriptionStatusOf(status: string) {
  return SUBSCRIPTION_STATUS[status] ?? { label: status, variant: "neutral" as const };
}

/** Invoice statuses of Stripe and of our client invoices ("issuing": rows written, Stripe calls under way). */
const INVOICE_STATUS: Record<string, { label: string; variant: TBadgeVariant }> = {
  draft: { label: "Draft", variant: "neutral" },
  issuing: { label: "Issuing", variant: "info" },
  open: { label: "Open", variant: "warning" },
  paid: { label: "Paid", variant: "success" },
  void: { label: "Void", variant: "neutral" },
  uncollectible: { label: "Uncollectible", variant: "danger" },
};

export function invoiceStatusOf(status: string) {
  return INVOICE_STATUS[status] ?? { label: status, variant: "neutral" as const };
}

/** Dunning: past due (banners until the grace end), paused (runs wait), resolved (paid). */
export const DUNNING_STATUS: Record<"past_due" | "paused" | "resolved", { label: string; variant: TBadgeVariant }> = {
  past_due: { label: "Past due, in grace", variant: "warning" },
  paused: { label: "Runs paused", variant: "danger" },
  resolved: { label: "Paid", variant: "success" },
};
