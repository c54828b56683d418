import { type TActor } from "@storeflow/accounts";
import { recordAudit } from "@storeflow/audit";
import { ClientStatus, type TTx, withTenant } from "@storeflow/db";
import { ConflictError, NotFoundError, ValidationError } from "@storeflow/errors";
import { z } from "zod";
import { ZCurrency, ZMinorAmount } from "./money";

const wholeNumber = "Use a whole number";

export const ZTemplateAddOn = z.object({
  templateKey: z.string().trim().min(1, "Choose a template").max(100),
  monthlyFee: ZMinorAmount,
});

/** A monthly fee per installed template, each template at most once. */
export const ZTemplateAddOns = z
  .array(ZTemplateAddOn)
  .max(50, "At most 50 add-ons")
  .superRefine((addOns, ctx) => {
    const seen = new Set<string>();
    addOns.forEach(({ templateKey }, index) => {
      if (seen.has(templateKey)) ctx.addIssue({ code: "custom", path: [index, "templateKey"], message: "This template already has an add-on" });
      seen.add(templateKey);
    });
  });
export type TTemplateAddOn = z.infer<typeof ZTemplateAddOn>;

export const ZClientRef = z.object({ clientId: z.uuid() });

export const ZSetClientPriceBookInput = ZClientRef.extend({
  currency: ZCurrency,
  monthlyFee: ZMinorAmount,
  includedRuns: z.int(wholeNumber).min(0, "Include 0 or more runs").max(1_000_000_000),
  overagePerRun: ZMinorAmount,
  templateAddOns: ZTemplateAddOns.default([]),
  graceDays: z.int(wholeNumber).min(0, "Allow 0 to 60 days").max(60, "Allow 0 to 60 days").default(7),
});

export const ZClientPriceBook = z.object({
  clientId: z.uuid(),
  currency: z.string(),
  monthlyFee: z.int(),
  includedRuns: z.int(),
  overagePerRun: z.int(),
  templateAddOns: z.array(ZTemplateAddOn),
  graceDays: z.int(),
  updatedAt: z.date(),
});
export type TClientPriceBook = z.infer<typeof ZClientPriceBook>;

export const ZClientPriceBookRow = z.object({
  client: z.object({ id: z.uuid(), name: z.string(), status: z.enum(ClientStatus) }),
  priceBook: ZClientPriceBook.nullable(),
});

const priceBookSelect = {
  clientId: true,
  currency: true,
  monthlyFee: true,
  includedRuns: true,
  overagePerRun: true,
  templateAddOns: true,
  graceDays: true,
  updatedAt: true,
} as const;

type TPriceBookRow = { templateAddOns: unknown } & Omit<TClientPriceBook, "templateAddOns">;

/** The stored add-ons went through ZTemplateAddOns on the way in; parsing again keeps a hand-edited row from reaching an invoice. */
export function toPriceBook(row: TPriceBookRow): TClientPriceBook {
  return { ...row, templateAddOns: ZTemplateAddOns.parse(row.templateAddOns) };
}

function priceOf({ clientId: _clientId, updatedAt: _updatedAt, ...price }: TClientPriceBook) {
  return price;
}

export async function findPriceBook(tx: TTx, clientId: string): Promise<TClientPriceBook | null> {
  const row = await tx.clientPriceBook.findUnique({ where: { clientId }, select: priceBookSelect });
  return row ? toPriceBook(row) : null;
}

/** Every client of the partner (archived ones last) with its price, or null where none is set. */
export async function listClientPriceBooks(actor: TActor) {
  return withTenant(actor.db, actor.scope, async (tx) => {
    const clients = await tx.client.findMany({
      orderBy: [{ status: "asc" }, { name: "asc" }],
      select: { id: true, name: true, status: true, priceBook: { select: priceBookSelect } },
    });
    return clients.map(({ priceBook, ...client }) => ({ client, priceBook: priceBook ? toPriceBook(priceBook) : null }));
  });
}

export async function getClientPriceBook(actor: TActor, input: z.input<typeof ZClientRef>): Promise<TClientPriceBook | null> {
  const { clientId } = ZClientRef.parse(input);
  return withTenant(actor.db, actor.scope, async (tx) => {
    if (!(await tx.client.findFirst({ where: { id: clientId }, select: { id: true } }))) throw new NotFoundError("The client");
    return findPriceBook(tx, clientId);
  });
}

/** Options for {@link setClientPriceBook}. */
export interface SetClientPriceBookOptions {
  /** Template keys the platform offers; an add-on for any other key is refused. */
  templateKeys: ReadonlySet<string>;
}

/**
 * Sets the client's price. Invoices already issued keep the lines they were
 * issued with; the next one uses this price. The change is audited with what
 * it replaced.
 */
export async function setClientPriceBook(actor: TActor, input: z.input<typeof ZSetClientPriceBookInput>, { templateKeys }: SetClientPriceBookOptions): Promise<TClientPriceBook> {
  const { clientId, ...price } = ZSetClientPriceBookInput.parse(input);
  const unknownKeys = price.templateAddOns.flatMap(({ templateKey }, index) =>
    templateKeys.has(templateKey) ? [] : [{ path: ["templateAddOns", index, "templateKey"], message: `There is no template "${templateKey}"` }],
  );
  if (unknownKeys.length > 0) throw new ValidationError(unknownKeys);
  return withTenant(actor.db, actor.scope, async (tx) => {
    const client = await tx.client.findFirst({ where: { id: clientId }, select: { id: true, status: true } });
    if (!client) throw new NotFoundError("The client");
    if (client.status === ClientStatus.archived) throw new ConflictError("Archived clients cannot be priced");
    const before = await findPriceBook(tx, clientId);
    const data = { ...price, updatedAt: new Date() };
    const saved = await tx.clientPriceBook.upsert({
      where: { clientId },
      create: { partnerId: actor.scope.partnerId, clientId, ...data },
      update: data,
      select: priceBookSelect,
    });
    await recordAudit({ tx, scope: actor.scope, clientId, action: "billing.price_book_changed", target: { type: "client", id: clientId }, data: { before: before && priceOf(before), after: price } });
    return toPriceBook(saved);
  });
}
