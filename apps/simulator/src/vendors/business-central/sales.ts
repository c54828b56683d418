import { randomUUID } from "node:crypto";
import { findParty, readDocumentLines } from "./documents";
import { asBody, nextTimestamp, readDate, readString, rejectUnknownFields, today } from "./fields";
import { type TBcSalesCreditMemo, type TBcState } from "./state";

const CREDIT_MEMO_FIELDS = new Set(["customerId", "customerNumber", "externalDocumentNumber", "creditMemoDate", "postingDate", "currencyCode", "salesCreditMemoLines"]);

/** `POST salesCreditMemos` with its lines (deep insert). */
export function createSalesCreditMemo(state: TBcState, raw: unknown): TBcSalesCreditMemo {
  const body = asBody(raw, "Microsoft.NAV.salesCreditMemo");
  rejectUnknownFields(body, CREDIT_MEMO_FIELDS, "Microsoft.NAV.salesCreditMemo");
  const customer = findParty({ parties: state.customers, body, numberField: "customerNumber", idField: "customerId", role: "customer" });
  const id = randomUUID();
  const creditMemoDate = readDate(body, "creditMemoDate") ?? today();
  const memo: TBcSalesCreditMemo = {
    id,
    number: String(state.counters.salesCreditMemo++),
    externalDocumentNumber: readString(body, "externalDocumentNumber", 35) ?? "",
    creditMemoDate,
    postingDate: readDate(body, "postingDate") ?? creditMemoDate,
    customerId: customer.id,
    customerNumber: customer.number,
    customerName: customer.displayName,
    currencyCode: readString(body, "currencyCode", 10) ?? customer.currencyCode,
    status: "Draft",
    lastModifiedDateTime: nextTimestamp(state),
    lines: readDocumentLines({ state, value: body.salesCreditMemoLines, documentId: id, kind: "sales", defaultDate: creditMemoDate }),
  };
  state.salesCreditMemos.push(memo);
  return memo;
}
