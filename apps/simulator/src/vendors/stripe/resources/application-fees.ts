import { StripeApiError } from "../core/errors";
import { listObject } from "../core/list";
import { stringParam } from "../core/params";
import { type TStripeCore, type TStripeResource } from "../core/router";
import { type TStripeObject } from "../core/store";
import { type TInvoice } from "./invoices";

export type TApplicationFee = TStripeObject & {
  /** The connected account the fee was taken from. */
  account: string;
  amount: number;
  amount_refunded: number;
  currency: string;
  /** The invoice paid (the simulator has no charges: the invoice stands in for its charge). */
  originating_transaction: string;
  refunded: boolean;
};

/**
 * Takes the platform's application fee for every paid invoice of a connected
 * account that carries `application_fee_amount` and has none yet: one fee per
 * invoice however often it runs (from the pay route, the hosted page, or after
 * the clock's payment retries). Emits application_fee.created on the platform.
 */
export function collectApplicationFees(core: TStripeCore): TApplicationFee[] {
  const taken = new Set(core.objects.list<TApplicationFee>(null, "application_fee").map((fee) => fee.originating_transaction));
  const created: TApplicationFee[] = [];
  for (const { account, value: invoice } of core.objects.all<TInvoice>("invoice")) {
    const amount = invoice.application_fee_amount as number | null | undefined;
    if (account === null || invoice.status !== "paid" || !amount || taken.has(invoice.id)) continue;
    const fee = core.objects.insert<TApplicationFee>(null, "fee", "application_fee", {
      account,
      amount,
      amount_refunded: 0,
      currency: invoice.currency,
      originating_transaction: invoice.id,
      refunded: false,
    });
    core.events.emit({ account: null, type: "application_fee.created", object: fee });
    created.push(fee);
  }
  return created;
}

/** `GET /v1/application_fees` (by connected account) and `/v1/application_fees/:id`, on the platform only. */
export const applicationFeesResource: TStripeResource = (router, core) => {
  const platform = (account: string | null) => {
    if (account !== null) throw new StripeApiError({ status: 403, type: "invalid_request_error", message: "Application fees belong to the platform account." });
  };
  router.get("/application_fees/:id", (req) => {
    platform(req.account);
    return core.objects.require(null, req.pathParams.id!, "application_fee", { label: "application fee" });
  });
  router.get("/application_fees", (req) => {
    platform(req.account);
    const account = stringParam(req.params, "account");
    return listObject(core.objects.list<TApplicationFee>(null, "application_fee", (fee) => !account || fee.account === account), req.params, "/v1/application_fees");
  });
  // Runs after the invoices resource's payment retries (hooks run in registration order).
  core.onClockAdvance(() => void collectApplicationFees(core));
};
