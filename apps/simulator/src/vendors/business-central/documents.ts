import { randomUUID } from "node:crypto";
import { BLANK_DATE } from "./entities";
import { asBody, dialogError, readDate, readNumber, readString, type TBody } from "./fields";
import { type TBcDocumentLine, type TBcItem, type TBcParty, type TBcState } from "./state";

type TLineKind = "purchase" | "sales";

function readLineType(body: TBody): TBcDocumentLine["lineType"] {
  const value = readString(body, "lineType", 20) ?? "Comment";
  if (value !== "Item" && value !== "Account" && value !== "Comment") throw dialogError(`The line type '${value}' is not supported on this document.`);
  return value;
}

function findItem(state: TBcState, number: string | undefined, table: string): TBcItem {
  const item = state.items.find((candidate) => candidate.number === number);
  if (!item) throw dialogError(`The field No. of table ${table} contains a value (${number ?? ""}) that cannot be found in the related table (Item).`);
  if (item.blocked) throw dialogError(`Blocked must be equal to 'No'  in Item: No.=${item.number}. Current value is 'Yes'.`);
  return item;
}

/** Document lines of a deep insert, in Business Central's defaults: sequence 10000, 20000, …, item description and cost. */
export function readDocumentLines(options: { state: TBcState; value: unknown; documentId: string; kind: TLineKind; defaultDate: string }): TBcDocumentLine[] {
  const { state, kind } = options;
  const table = kind === "purchase" ? "Purchase Line" : "Sales Line";
  if (options.value === undefined) return [];
  if (!Array.isArray(options.value)) throw dialogError("Lines must be a JSON array.");
  return options.value.map((raw, index) => {
    const body = asBody(raw, table);
    const lineType = readLineType(body);
    // Code[20]: Business Central upper-cases what it stores and compares.
    const number = readString(body, "lineObjectNumber", 20)?.toUpperCase();
    const line: TBcDocumentLine = {
      id: randomUUID(),
      documentId: options.documentId,
      sequence: (index + 1) * 10000,
      lineType,
      lineObjectNumber: number ?? "",
      description: readString(body, "description", 100) ?? "",
      unitOfMeasureCode: "",
      quantity: readNumber(body, "quantity") ?? 0,
      unitAmount: readNumber(body, kind === "purchase" ? "directUnitCost" : "unitPrice") ?? 0,
      receivedQuantity: 0,
      invoicedQuantity: 0,
      expectedReceiptDate: readDate(body, "expectedReceiptDate") ?? (kind === "purchase" ? options.defaultDate : BLANK_DATE),
    };
    if (line.quantity < 0) throw dialogError(`Quantity must be positive in ${table} Line No.='${line.sequence}'.`);
    if (lineType === "Item") {
      const item = findItem(state, number, table);
      line.description ||= item.displayName;
      line.unitOfMeasureCode = item.baseUnitOfMeasureCode;
      if (body[kind === "purchase" ? "directUnitCost" : "unitPrice"] === undefined) line.unitAmount = kind === "purchase" ? item.unitCost : item.unitPrice;
    } else if (lineType === "Account") {
      const account = state.accounts.find((candidate) => candidate.number === number);
      if (!account) throw dialogError(`The field No. of table ${table} contains a value (${number ?? ""}) that cannot be found in the related table (G/L Account).`);
      line.description ||= account.displayName;
    } else if (!line.description) {
      throw dialogError("A comment line needs a description.");
    }
    return line;
  });
}

/** The vendor or customer a document names by number or id, as Business Central looks it up. */
export function findParty(options: { parties: TBcParty[]; body: TBody; numberField: string; idField: string; role: string }): TBcParty {
  const number = readString(options.body, options.numberField, 20)?.toUpperCase();
  const id = readString(options.body, options.idField, 36);
  if (!number && !id) throw dialogError(`A "${options.numberField}" or a "${options.idField}" must be provided.`);
  const party = options.parties.find((candidate) => (number ? candidate.number === number : candidate.id.toLowerCase() === id?.toLowerCase()));
  if (!party) throw dialogError(`The ${options.role} cannot be found.`);
  return party;
}
