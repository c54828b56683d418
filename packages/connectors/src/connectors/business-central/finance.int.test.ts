import { NonRetryableError } from "@storeflow/engine";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startBusinessCentral, type TBcHarness } from "./test-support";

let h: TBcHarness;

beforeAll(async () => {
  h = await startBusinessCentral();
});
afterAll(() => h.sim.close());
beforeEach(() => h.sim.reset());

const CREDIT_MEMO = {
  customerNumber: "10000",
  lines: [
    { type: "item", itemNumber: "1900-S", quantity: 2, unitPrice: 159.2 },
    { type: "account", accountNumber: "40100", quantity: 1, unitPrice: 10, description: "Goodwill" },
  ],
};

const JOURNAL = {
  journalCode: "STOREFLOW",
  postingDate: "2026-03-31",
  lines: [
    { accountNumber: "54100", amount: 125.5, description: "Stock count shrinkage" },
    { accountNumber: "10100", amount: -125.5, description: "Stock count shrinkage" },
  ],
};

type TMemoOutput = { created: boolean; creditMemo: { number: string; externalDocumentNumber: string; totalAmountExcludingTax: number } };
type TJournalOutput = { documentNumber: string; alreadyPosted: boolean; entries: { accountNumber: string; debitAmount: number; creditAmount: number }[] };

describe("Business Central sales credit memos", () => {
  it("creates the memo with its lines and a marker of the idempotency key", async () => {
    const output = (await h.invoke("createSalesCreditMemo", CREDIT_MEMO)) as TMemoOutput;
    expect(output.created).toBe(true);
    expect(output.creditMemo.totalAmountExcludingTax).toBe(328.4);
    const [memo] = h.bc.state.salesCreditMemos;
    expect(memo?.externalDocumentNumber).toMatch(/^SF[0-9A-F]{33}$/);
    expect(memo?.lines.map((line) => [line.lineType, line.lineObjectNumber, line.quantity, line.unitAmount])).toEqual([
      ["Item", "1900-S", 2, 159.2],
      ["Account", "40100", 1, 10],
    ]);
  });

  it("exists once however often the step is retried", async () => {
    const context = h.context();
    const first = (await h.invoke("createSalesCreditMemo", CREDIT_MEMO, context)) as TMemoOutput;
    for (let i = 0; i < 3; i++) {
      const retry = (await h.invoke("createSalesCreditMemo", CREDIT_MEMO, context)) as TMemoOutput;
      expect(retry).toMatchObject({ created: false, creditMemo: { number: first.creditMemo.number } });
    }
    expect(h.bc.state.salesCreditMemos).toHaveLength(1);
  });

  it("maps an unknown customer to a non-retryable error with Business Central's message", async () => {
    await expect(h.invoke("createSalesCreditMemo", { ...CREDIT_MEMO, customerNumber: "99999" })).rejects.toThrow(
      /^Business Central answered 400: The customer cannot be found\..*\(Application_DialogException\)$/,
    );
  });
});

describe("Business Central journal lines", () => {
  it("posts the lines to the general ledger and empties the batch", async () => {
    const output = (await h.invoke("postJournalLines", JOURNAL)) as TJournalOutput;
    expect(output.alreadyPosted).toBe(false);
    expect(output.documentNumber).toMatch(/^SF[0-9A-F]{18}$/);
    expect(output.entries.map((entry) => [entry.accountNumber, entry.debitAmount, entry.creditAmount])).toEqual([
      ["54100", 125.5, 0],
      ["10100", 0, 125.5],
    ]);
    expect(h.bc.state.generalLedgerEntries.filter((entry) => entry.documentNumber === output.documentNumber)).toHaveLength(2);
    expect(h.bc.state.journals[0]!.lines).toHaveLength(0);
  });

  it("posts once when retried after success", async () => {
    const context = h.context();
    const first = (await h.invoke("postJournalLines", JOURNAL, context)) as TJournalOutput;
    const retry = (await h.invoke("postJournalLines", JOURNAL, context)) as TJournalOutput;
    expect(retry).toMatchObject({ alreadyPosted: true, documentNumber: first.documentNumber });
    expect(h.bc.state.generalLedgerEntries).toHaveLength(2);
  });

  it("resumes a batch whose lines were written but not posted", async () => {
    const context = h.context();
    // The first attempt wrote its first line, then the post request failed.
    h.sim.faults.add({ vendor: "business-central", method: "POST", pathIncludes: "Microsoft.NAV.post", status: 503 });
    await expect(h.invoke("postJournalLines", JOURNAL, context)).rejects.toThrow(/answered 503/);
    expect(h.bc.state.journals[0]!.lines).toHaveLength(2);
    h.bc.state.journals[0]!.lines.pop();
    const retry = (await h.invoke("postJournalLines", JOURNAL, context)) as TJournalOutput;
    expect(retry.alreadyPosted).toBe(false);
    expect(h.bc.state.generalLedgerEntries.map((entry) => entry.accountNumber)).toEqual(["54100", "10100"]);
    expect(h.bc.state.journals[0]!.lines).toHaveLength(0);
  });

  it("refuses an unbalanced document with Business Central's message", async () => {
    const unbalanced = { ...JOURNAL, lines: [JOURNAL.lines[0]] };
    const attempt = h.invoke("postJournalLines", unbalanced);
    await expect(attempt).rejects.toBeInstanceOf(NonRetryableError);
    await expect(attempt).rejects.toThrow(/is out of balance by 125\.5/);
    expect(h.bc.state.generalLedgerEntries).toHaveLength(0);
  });

  it("names a journal batch that does not exist", async () => {
    await expect(h.invoke("postJournalLines", { ...JOURNAL, journalCode: "GENERAL" })).rejects.toThrow(new NonRetryableError('Business Central has no general journal batch "GENERAL"'));
  });
});
