import { recordAudit } from "@storeflow/audit";
import { ClientStatus, isUniqueViolation, withTenant } from "@storeflow/db";
import { ConflictError, DomainError, NotFoundError } from "@storeflow/errors";
import { z } from "zod";
import { type TActor } from "./actor";

const TIME_ZONES = new Set(Intl.supportedValuesOf("timeZone").concat("UTC"));
const ZTimeZone = z.string().refine((tz) => TIME_ZONES.has(tz), "Choose a time zone from the list, such as Europe/London");
const ZClientName = z.string().trim().min(2, "Use at least 2 characters").max(80);
const ZSlug = z
  .string()
  .trim()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "Use lower-case letters, digits and single hyphens")
  .min(2)
  .max(40);

export const ZCreateClientInput = z.object({ name: ZClientName, slug: ZSlug.optional(), timezone: ZTimeZone.default("UTC") });
export const ZUpdateClientInput = z
  .object({ id: z.uuid(), name: ZClientName.optional(), timezone: ZTimeZone.optional() })
  .refine((v) => v.name !== undefined || v.timezone !== undefined, "Change at least one field");
export const ZClientIdInput = z.object({ id: z.uuid() });
export const ZListClientsInput = z.object({ status: z.enum(ClientStatus).optional() }).default({});

const clientSelect = {
  id: true,
  slug: true,
  name: true,
  timezone: true,
  status: true,
  archivedAt: true,
  createdAt: true,
  _count: { select: { stores: true } },
} as const;

type TClientRow = { _count: { stores: number } } & Record<string, unknown>;
function toClientDto<T extends TClientRow>({ _count, ...client }: T) {
  return { ...client, storeCount: _count.stores } as Omit<T, "_count"> & { storeCount: number };
}

export function slugify(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/g, "");
}

function conflictOnSlug(error: unknown): never {
  if (isUniqueViolation(error)) throw new ConflictError("A client with that short name already exists", "slug");
  throw error;
}

/** Clients visible in the actor's scope: all of the partner's, or only the actor's own. */
export async function listClients(actor: TActor, input: z.input<typeof ZListClientsInput> = {}) {
  const { status } = ZListClientsInput.parse(input);
  const rows = await withTenant(actor.db, actor.scope, (tx) =>
    tx.client.findMany({ where: status ? { status } : {}, orderBy: { name: "asc" }, select: clientSelect }),
  );
  return rows.map(toClientDto);
}

export async function getClient(actor: TActor, input: z.input<typeof ZClientIdInput>) {
  const { id } = ZClientIdInput.parse(input);
  const row = await withTenant(actor.db, actor.scope, (tx) => tx.client.findFirst({ where: { id }, select: clientSelect }));
  if (!row) throw new NotFoundError("Client");
  return toClientDto(row);
}

export async function createClient(actor: TActor, input: z.input<typeof ZCreateClientInput>) {
  const { name, slug, timezone } = ZCreateClientInput.parse(input);
  const finalSlug = slug ?? slugify(name);
  if (finalSlug.length < 2) throw new DomainError("BAD_REQUEST", "Give the client a short name of letters or digits", "slug");
  const row = await withTenant(actor.db, actor.scope, async (tx) => {
    const client = await tx.client.create({
      data: { partnerId: actor.scope.partnerId, name, slug: finalSlug, timezone },
      select: clientSelect,
    });
    await recordAudit({ tx, scope: actor.scope, action: "client.created", target: { type: "client", id: client.id }, clientId: client.id, data: { name, slug: finalSlug, timezone } });
    return client;
  }).catch(conflictOnSlug);
  return toClientDto(row);
}

export async function updateClient(actor: TActor, input: z.input<typeof ZUpdateClientInput>) {
  const { id, ...changes } = ZUpdateClientInput.parse(input);
  const row = await withTenant(actor.db, actor.scope, async (tx) => {
    const before = await tx.client.findFirst({ where: { id }, select: { name: true, timezone: true, status: true } });
    if (!before) throw new NotFoundError("Client");
    if (before.status === ClientStatus.archived) throw new ConflictError("Archived clients cannot be changed");
    const client = await tx.client.update({ where: { id }, data: changes, select: clientSelect });
    await recordAudit({ tx, scope: actor.scope, action: "client.updated", target: { type: "client", id }, clientId: id, data: { before, changes } });
    return client;
  });
  return toClientDto(row);
}

/** Archiving keeps every row (runs, audit) and hides the client from active lists. */
export async function archiveClient(actor: TActor, input: z.input<typeof ZClientIdInput>) {
  const { id } = ZClientIdInput.parse(input);
  const row = await withTenant(actor.db, actor.scope, async (tx) => {
    const before = await tx.client.findFirst({ where: { id }, select: { status: true } });
    if (!before) throw new NotFoundError("Client");
    if (before.status === ClientStatus.archived) throw new ConflictError("The client is already archived");
    const client = await tx.client.update({
      where: { id },
      data: { status: ClientStatus.archived, archivedAt: new Date() },
      select: clientSelect,
    });
    await recordAudit({ tx, scope: actor.scope, action: "client.archived", target: { type: "client", id }, clientId: id });
    return client;
  });
  return toClientDto(row);
}
