import { type TTx } from "@storeflow/db";
import { z } from "zod";

export const ZListAuditEventsInput = z.object({
  limit: z.number().int().min(1).max(100).default(50),
  /** Id of the last event of the previous page. */
  cursor: z.uuid().nullish(),
  action: z.string().trim().min(1).max(100).optional(),
});
export type TListAuditEventsInput = z.input<typeof ZListAuditEventsInput>;

export interface TAuditEventDto {
  id: string;
  /** Position in the partner's audit chain. */
  seq: number;
  clientId: string | null;
  actorUserId: string | null;
  actorEmail: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  data: unknown;
  createdAt: Date;
}

/** Newest first; the caller's transaction carries the tenant scope. */
export async function listAuditEvents(tx: TTx, input: TListAuditEventsInput) {
  const { limit, cursor, action } = ZListAuditEventsInput.parse(input);
  const rows = await tx.auditEvent.findMany({
    where: action ? { action } : {},
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    select: { id: true, seq: true, clientId: true, actorUserId: true, action: true, targetType: true, targetId: true, data: true, createdAt: true },
  });
  const page = rows.slice(0, limit);
  const actorIds = [...new Set(page.map((r) => r.actorUserId).filter((id): id is string => id !== null))];
  const actors = actorIds.length
    ? await tx.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, email: true } })
    : [];
  const emailById = new Map(actors.map((a) => [a.id, a.email]));
  const items: TAuditEventDto[] = page.map((r) => ({ ...r, actorEmail: r.actorUserId ? (emailById.get(r.actorUserId) ?? null) : null }));
  return { items, nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
}
