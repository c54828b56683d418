import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startBusinessCentral, type TBcHarness } from "./test-support";

let h: TBcHarness;

beforeAll(async () => {
  h = await startBusinessCentral();
});
afterAll(() => h.sim.close());
beforeEach(() => h.sim.reset());

type TEntries = { entries: { accountNumber: string; postingDate: string; debitAmount: number; creditAmount: number; documentNumber: string }[]; truncated: boolean };

/** The day's card takings as a sales posting books them: debit the bank account, credit sales. */
const takings = (postingDate: string, amount: number) => ({
  journalCode: "STOREFLOW",
  postingDate,
  lines: [
    { accountNumber: "10100", amount, description: "Card takings" },
    { accountNumber: "40100", amount: -amount, description: "Card takings" },
  ],
});

describe("Business Central general ledger entries", () => {
  it("lists the entries posted to the given accounts within the posting dates, in entry order", async () => {
    await h.invoke("postJournalLines", takings("2026-03-29", 50));
    const posted = (await h.invoke("postJournalLines", takings("2026-03-30", 120.5))) as { documentNumber: string };
    await h.invoke("postJournalLines", takings("2026-03-31", 75));

    const day = (await h.invoke("listGeneralLedgerEntries", { accountNumbers: ["10100"], postingDateFrom: "2026-03-30", postingDateTo: "2026-03-30" })) as TEntries;
    expect(day).toEqual({
      entries: [expect.objectContaining({ accountNumber: "10100", postingDate: "2026-03-30", debitAmount: 120.5, creditAmount: 0, documentNumber: posted.documentNumber })],
      truncated: false,
    });

    const both = (await h.invoke("listGeneralLedgerEntries", { accountNumbers: ["10100", "40100"], postingDateFrom: "2026-03-30" })) as TEntries;
    expect(both.entries.map((entry) => [entry.accountNumber, entry.postingDate, entry.debitAmount, entry.creditAmount])).toEqual([
      ["10100", "2026-03-30", 120.5, 0],
      ["40100", "2026-03-30", 0, 120.5],
      ["10100", "2026-03-31", 75, 0],
      ["40100", "2026-03-31", 0, 75],
    ]);
  });

  it("says when the limit left entries unread", async () => {
    await h.invoke("postJournalLines", takings("2026-03-30", 10));
    await h.invoke("postJournalLines", takings("2026-03-30", 20));
    const capped = (await h.invoke("listGeneralLedgerEntries", { postingDateFrom: "2026-03-30", limit: 3 })) as TEntries;
    expect(capped.entries).toHaveLength(3);
    expect(capped.truncated).toBe(true);
  });

  it("refuses a date range that ends before it starts", async () => {
    await expect(h.invoke("listGeneralLedgerEntries", { postingDateFrom: "2026-03-31", postingDateTo: "2026-03-30" })).rejects.toThrow(/postingDateFrom must not be after postingDateTo/);
  });
});
