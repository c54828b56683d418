import { NonRetryableError } from "@storeflow/engine";
import { z } from "zod";
import { defineAction } from "../../../sdk/connector";
import { bcList, bcRequest, type TBcActionContext, type TBcContext, companyUrl, type TQuery } from "../client";
import { idempotencyMarker } from "../idempotency-marker";
import { odataString, ZCode } from "../odata";
import { parseRecords, ZBcGeneralLedgerEntry, ZBcJournalLine } from "../schemas";

const ZAccountType = z.enum(["G/L Account", "Customer", "Vendor", "Bank Account"]);

export const ZPostJournalLinesInput = z.strictObject({
  /**
   * The general journal batch (journals.code). Posting posts the whole batch, so
   * give Storeflow a batch of its own that people do not type into.
   */
  journalCode: ZCode(10),
  postingDate: z.iso.date(),
  lines: z
    .array(
      z.strictObject({
        accountType: ZAccountType.default("G/L Account"),
        accountNumber: ZCode(20),
        /** Positive debits, negative credits the account. */
        amount: z.number().refine((amount) => amount !== 0, "a journal line needs a non-zero amount"),
        description: z.string().max(100).optional(),
        balancingAccountNumber: ZCode(20).optional(),
      }),
    )
    .min(1)
    .max(200),
});

const MAX_ENTRIES = 1000;

async function ledgerEntries(context: TBcContext, documentNumber: string) {
  const url = companyUrl(context.config, "generalLedgerEntries", { $filter: `documentNumber eq ${odataString(documentNumber)}`, $orderby: "entryNumber asc" });
  return parseRecords(ZBcGeneralLedgerEntry, (await bcList(context, url, MAX_ENTRIES)).value, "general ledger entries");
}

async function journalId(context: TBcContext, code: string): Promise<string> {
  const url = companyUrl(context.config, "journals", { $filter: `code eq ${odataString(code)}`, $select: "id,code" });
  const [journal] = parseRecords(z.object({ id: z.string() }), (await bcList(context, url, 1)).value, "journals");
  if (!journal) throw new NonRetryableError(`Business Central has no general journal batch "${code}"`);
  return journal.id;
}

export const postJournalLinesAction = defineAction({
  title: "Post general journal lines",
  capability: "ledger.journal.post",
  /**
   * Every line gets one document number derived from the idempotency key (Code[20]).
   * Before writing we look for G/L entries with it (posted already: done) and for
   * lines with it still in the batch (a crash between create and post: resume).
   */
  idempotency: "key",
  input: ZPostJournalLinesInput,
  output: z.object({ documentNumber: z.string(), alreadyPosted: z.boolean(), entries: z.array(ZBcGeneralLedgerEntry) }),
  async run(context: TBcActionContext, input) {
    const documentNumber = idempotencyMarker(context.idempotencyKey, 20);
    const posted = await ledgerEntries(context, documentNumber);
    if (posted.length > 0) return { documentNumber, alreadyPosted: true, entries: posted };

    const id = await journalId(context, input.journalCode);
    const linesUrl = (query: TQuery = {}) => companyUrl(context.config, `journals(${id})/journalLines`, query);
    const waiting = parseRecords(ZBcJournalLine, (await bcList(context, linesUrl({ $filter: `documentNumber eq ${odataString(documentNumber)}` }), 500)).value, "journal lines");
    // Lines are created in input order, so the ones already there are a prefix of ours.
    for (const line of input.lines.slice(waiting.length)) {
      await bcRequest(context, {
        method: "POST",
        url: linesUrl(),
        body: {
          accountType: line.accountType,
          accountNumber: line.accountNumber,
          postingDate: input.postingDate,
          documentNumber,
          amount: line.amount,
          description: line.description,
          ...(line.balancingAccountNumber ? { balanceAccountType: "G/L Account", balancingAccountNumber: line.balancingAccountNumber } : {}),
        },
      });
    }
    await bcRequest(context, { method: "POST", url: companyUrl(context.config, `journals(${id})/Microsoft.NAV.post`) });
    return { documentNumber, alreadyPosted: false, entries: await ledgerEntries(context, documentNumber) };
  },
});
