import { type Hono } from "hono";
import { z } from "zod";
import { notFound, parseSquareBody, type TSquareError } from "../errors";
import { withIdempotency } from "../idempotency";
import { takeSquareId, type TSquarePayment, type TSquareRefund, type TSquareState } from "../state";
import { type TSquareRouteDeps } from "./deps";

const ZRefundPayment = z.object({
  // Square caps refund idempotency keys at 45 characters.
  idempotency_key: z.string().min(1).max(45),
  amount_money: z.object({ amount: z.int(), currency: z.string().length(3) }),
  payment_id: z.string().min(1),
  reason: z.string().max(192).optional(),
});

function refusal(code: string, detail: string, field?: string): TSquareError {
  return { category: "INVALID_REQUEST_ERROR", code, detail, ...(field ? { field } : {}) };
}

function checkRefund(payment: TSquarePayment, body: z.output<typeof ZRefundPayment>): TSquareError | undefined {
  const remaining = payment.amount_money.amount - (payment.refunded_money?.amount ?? 0);
  if (payment.status !== "COMPLETED") return refusal("PAYMENT_NOT_REFUNDABLE", `Payment ${payment.id} is ${payment.status} and cannot be refunded.`);
  if (body.amount_money.currency !== payment.amount_money.currency) return refusal("CURRENCY_MISMATCH", `The refund currency must be ${payment.amount_money.currency}.`, "amount_money.currency");
  if (body.amount_money.amount < 1) return refusal("VALUE_TOO_LOW", "The refund amount must be greater than 0.", "amount_money.amount");
  if (body.amount_money.amount > remaining) {
    return refusal("REFUND_AMOUNT_INVALID", `The requested refund amount exceeds the amount available to refund (${remaining}).`, "amount_money.amount");
  }
  return undefined;
}

function createRefund(state: TSquareState, payment: TSquarePayment, body: z.output<typeof ZRefundPayment>): TSquareRefund {
  const now = new Date().toISOString();
  const refund: TSquareRefund = {
    id: `${payment.id}_${takeSquareId(state, "RF")}`,
    status: "PENDING",
    location_id: payment.location_id,
    amount_money: body.amount_money,
    payment_id: payment.id,
    order_id: payment.order_id,
    ...(body.reason ? { reason: body.reason } : {}),
    created_at: now,
    updated_at: now,
  };
  state.refunds.push(refund);
  payment.refunded_money = { amount: (payment.refunded_money?.amount ?? 0) + body.amount_money.amount, currency: payment.amount_money.currency };
  payment.refund_ids = [...(payment.refund_ids ?? []), refund.id];
  payment.updated_at = now;
  return refund;
}

/** RefundPayment, GetPaymentRefund and GetPayment. */
export function addPaymentRoutes(app: Hono, { state, emit }: TSquareRouteDeps) {
  app.post("/v2/refunds", async (c) => {
    const parsed = await parseSquareBody(c, ZRefundPayment);
    if ("response" in parsed) return parsed.response;
    const { body } = parsed;
    const current = state();
    return withIdempotency({
      c,
      state: current,
      scope: "refunds",
      key: body.idempotency_key,
      body,
      run: () => {
        const payment = current.payments.find((p) => p.id === body.payment_id);
        if (!payment) return { status: 404, response: { errors: [refusal("NOT_FOUND", `Could not find payment with id: ${body.payment_id}`, "payment_id")] } };
        const error = checkRefund(payment, body);
        if (error) return { status: 400, response: { errors: [error] } };
        const refund = createRefund(current, payment, body);
        emit({ type: "refund.created", data: { type: "refund", id: refund.id, object: { refund: { ...refund } } } });
        return { status: 200, response: { refund } };
      },
    });
  });

  app.get("/v2/refunds/:refundId", (c) => {
    const refund = state().refunds.find((r) => r.id === c.req.param("refundId"));
    return refund ? c.json({ refund }) : notFound(c, "refund", c.req.param("refundId"));
  });

  app.get("/v2/payments/:paymentId", (c) => {
    const payment = state().payments.find((p) => p.id === c.req.param("paymentId"));
    return payment ? c.json({ payment }) : notFound(c, "payment", c.req.param("paymentId"));
  });
}
