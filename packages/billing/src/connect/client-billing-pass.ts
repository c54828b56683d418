import { type TDb } from "@storeflow/db";
import { type TQueryable } from "@storeflow/runs";
import type Stripe from "stripe";
import { sweepDunning, type TDunningChange } from "../dunning/dunning-sweep";
import { issueDueClientInvoices, type TInvoicePassResult } from "./issue-due-invoices";

/** Options for {@link runClientBillingPass}. */
export interface RunClientBillingPassOptions {
  db: TDb;
  /** storeflow_app pool in the system scope (the run store's pool will do). */
  system: TQueryable;
  /** Null when billing is off: invoices wait, dunning still moves cases on. */
  stripe: Stripe | null;
  applicationFeeBps: number;
  daysUntilDue: number;
  now?: Date;
}

/**
 * What the worker runs every few minutes on every process (each step is safe
 * to run concurrently): issues the client invoices of the month just ended,
 * then moves dunning on (grace ended → runs paused).
 */
export async function runClientBillingPass({ db, system, stripe, applicationFeeBps, daysUntilDue, now = new Date() }: RunClientBillingPassOptions): Promise<{ invoices: TInvoicePassResult[]; dunning: TDunningChange[] }> {
  const invoices = stripe ? await issueDueClientInvoices({ db, system, stripe, applicationFeeBps, daysUntilDue, now }) : [];
  const dunning = await sweepDunning({ db, system, now });
  return { invoices, dunning };
}
