import { z } from "zod";
import { defineAction } from "../../../sdk/connector";
import { bcList, type TBcActionContext, companyUrl } from "../client";
import { odataAnd, odataString, ZCode } from "../odata";
import { parseRecords, ZBcGeneralLedgerEntry } from "../schemas";

export const ZListGeneralLedgerEntriesInput = z
  .strictObject({
    /** Entries on any of these G/L accounts; every account when absent. */
    accountNumbers: z.array(ZCode(20)).min(1).max(50).optional(),
    /** Inclusive. */
    postingDateFrom: z.iso.date().optional(),
    /** Inclusive. */
    postingDateTo: z.iso.date().optional(),
    documentNumber: ZCode(20).optional(),
    limit: z.int().min(1).max(20_000).default(5000),
  })
  .refine((input) => !input.postingDateFrom || !input.postingDateTo || input.postingDateFrom <= input.postingDateTo, {
    message: "postingDateFrom must not be after postingDateTo",
    path: ["postingDateFrom"],
  });

export const listGeneralLedgerEntriesAction = defineAction({
  title: "List general ledger entries",
  capability: "ledger.entries.read",
  idempotency: "read",
  input: ZListGeneralLedgerEntriesInput,
  /** In entry number order; posted entries are never changed, so a repeat read gives the same and more. */
  output: z.object({ entries: z.array(ZBcGeneralLedgerEntry), truncated: z.boolean() }),
  async run(context: TBcActionContext, input) {
    const accounts = input.accountNumbers?.map((number) => `accountNumber eq ${odataString(number)}`).join(" or ");
    const $filter = odataAnd([
      accounts ? `(${accounts})` : undefined,
      // Edm.Date literals are unquoted in OData v4.
      input.postingDateFrom ? `postingDate ge ${input.postingDateFrom}` : undefined,
      input.postingDateTo ? `postingDate le ${input.postingDateTo}` : undefined,
      input.documentNumber ? `documentNumber eq ${odataString(input.documentNumber)}` : undefined,
    ]);
    const { value, truncated } = await bcList(context, companyUrl(context.config, "generalLedgerEntries", { $filter, $orderby: "entryNumber asc" }), input.limit);
    return { entries: parseRecords(ZBcGeneralLedgerEntry, value, "general ledger entries"), truncated };
  },
});
