import { randomUUID } from "node:crypto";
import { BcError } from "./errors";
import { asBody, dialogError, nextTimestamp, readDate, readNumber, readString, rejectUnknownFields, type TChangeSink, today } from "./fields";
import { type TBcGlEntry, type TBcJournal, type TBcJournalLine, type TBcState } from "./state";

const JOURNAL_LINE_FIELDS = new Set([
  "lineNumber",
  "accountType",
  "accountId",
  "accountNumber",
  "postingDate",
  "documentNumber",
  "externalDocumentNumber",
  "amount",
  "description",
  "comment",
  "taxCode",
  "balanceAccountType",
  "balancingAccountId",
  "balancingAccountNumber",
]);

function accountName(state: TBcState, type: string, number: string): string {
  const parties = type === "Customer" ? state.customers : type === "Vendor" ? state.vendors : undefined;
  const name = parties ? parties.find((party) => party.number === number)?.displayName : state.accounts.find((account) => account.number === number)?.displayName;
  if (name === undefined) {
    const table = type === "G/L Account" ? "G/L Account" : type;
    throw dialogError(`The field Account No. of table Gen. Journal Line contains a value (${number}) that cannot be found in the related table (${table}).`);
  }
  return name;
}

export function findJournal(state: TBcState, id: string): TBcJournal {
  const journal = state.journals.find((candidate) => candidate.id.toLowerCase() === id.toLowerCase());
  if (!journal) throw new BcError(404, "BadRequest_NotFound", "The specified journal does not exist.");
  return journal;
}

/** `POST journals(<id>)/journalLines`. */
export function createJournalLine(state: TBcState, journal: TBcJournal, raw: unknown): TBcJournalLine {
  const body = asBody(raw, "Microsoft.NAV.journalLine");
  rejectUnknownFields(body, JOURNAL_LINE_FIELDS, "Microsoft.NAV.journalLine");
  const accountType = readString(body, "accountType", 30) ?? "G/L Account";
  const accountNumber = (readString(body, "accountNumber", 20) ?? "").toUpperCase();
  const balancingAccountNumber = (readString(body, "balancingAccountNumber", 20) ?? "").toUpperCase();
  const name = accountName(state, accountType, accountNumber);
  if (balancingAccountNumber) accountName(state, "G/L Account", balancingAccountNumber);
  const line: TBcJournalLine = {
    id: randomUUID(),
    journalId: journal.id,
    lineNumber: readNumber(body, "lineNumber") ?? (journal.lines.at(-1)?.lineNumber ?? 0) + 10000,
    accountType,
    accountNumber,
    postingDate: readDate(body, "postingDate") ?? today(),
    // Code[20]: Business Central upper-cases codes.
    documentNumber: (readString(body, "documentNumber", 20) ?? "").toUpperCase(),
    externalDocumentNumber: readString(body, "externalDocumentNumber", 35) ?? "",
    amount: readNumber(body, "amount") ?? 0,
    description: readString(body, "description", 100) ?? name,
    balanceAccountType: readString(body, "balanceAccountType", 30) ?? "G/L Account",
    balancingAccountNumber,
    lastModifiedDateTime: nextTimestamp(state),
  };
  journal.lines.push(line);
  return line;
}

function entry(state: TBcState, line: TBcJournalLine, accountNumber: string, amount: number): TBcGlEntry {
  return {
    id: randomUUID(),
    entryNumber: state.counters.glEntry++,
    postingDate: line.postingDate,
    documentNumber: line.documentNumber,
    documentType: " ",
    accountNumber,
    description: line.description,
    debitAmount: amount > 0 ? amount : 0,
    creditAmount: amount < 0 ? -amount : 0,
    lastModifiedDateTime: nextTimestamp(state),
  };
}

/** The `Microsoft.NAV.post` bound action: the whole batch, each document balanced, or nothing. */
export function postJournal(state: TBcState, journal: TBcJournal, notify: TChangeSink): void {
  if (journal.lines.length === 0) throw dialogError("There is nothing to post because the journal does not contain a quantity or amount.");
  const balance = new Map<string, number>();
  for (const line of journal.lines) {
    if (line.balancingAccountNumber) continue;
    const key = `${line.documentNumber}|${line.postingDate}`;
    balance.set(key, Math.round(((balance.get(key) ?? 0) + line.amount) * 100) / 100);
  }
  for (const [key, amount] of balance) {
    if (amount !== 0) {
      throw dialogError(`Document No. ${key.split("|")[0]} is out of balance by ${amount}. Please check that Posting Date, Document Type, Document No. and amount are correct for each line.`);
    }
  }
  for (const line of journal.lines) {
    const entries = [entry(state, line, line.accountNumber, line.amount)];
    if (line.balancingAccountNumber) entries.push(entry(state, line, line.balancingAccountNumber, -line.amount));
    state.generalLedgerEntries.push(...entries);
    for (const posted of entries) notify("generalLedgerEntries", posted.id, "created");
  }
  journal.lines = [];
  journal.lastModifiedDateTime = nextTimestamp(state);
}
