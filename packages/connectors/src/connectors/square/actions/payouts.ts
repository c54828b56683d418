import { z } from "zod";
import { listSquarePages } from "../paged-list";
import { toPayout, toPayoutEntry, ZPayout, ZPayoutEntry, ZRawPayout, ZRawPayoutEntry } from "../payout-objects";
import { defineSquareAction, resolveLocationIds } from "./define";

export const listPayouts = defineSquareAction({
  title: "List payouts",
  capability: "payouts.read",
  idempotency: "read",
  input: z.object({
    /** The connection's location when absent. */
    locationId: z.string().min(1).optional(),
    status: z.enum(["SENT", "FAILED", "PAID"]).optional(),
    /** On the payout's creation time, inclusive; Square's default is a year ago. */
    beginTime: z.iso.datetime({ offset: true }).optional(),
    /** On the payout's creation time; Square's default is now. */
    endTime: z.iso.datetime({ offset: true }).optional(),
    maxPayouts: z.int().min(1).max(1000).default(100),
  }),
  output: z.object({ payouts: z.array(ZPayout), truncated: z.boolean() }),
  async run(context, input) {
    const [locationId] = resolveLocationIds(context.config, input.locationId ? [input.locationId] : undefined);
    const { items, truncated } = await listSquarePages(context, {
      operation: "ListPayouts",
      path: "/v2/payouts",
      query: { location_id: locationId, status: input.status, begin_time: input.beginTime, end_time: input.endTime, sort_order: "ASC" },
      key: "payouts",
      item: ZRawPayout,
      max: input.maxPayouts,
    });
    return { payouts: items.map(toPayout), truncated };
  },
});

export const listPayoutEntries = defineSquareAction({
  title: "List a payout's entries",
  capability: "payouts.read",
  idempotency: "read",
  input: z.object({ payoutId: z.string().min(1), maxEntries: z.int().min(1).max(20_000).default(5000) }),
  output: z.object({ entries: z.array(ZPayoutEntry), truncated: z.boolean() }),
  async run(context, input) {
    const { items, truncated } = await listSquarePages(context, {
      operation: "ListPayoutEntries",
      path: `/v2/payouts/${encodeURIComponent(input.payoutId)}/payout-entries`,
      query: { sort_order: "ASC" },
      key: "payout_entries",
      item: ZRawPayoutEntry,
      max: input.maxEntries,
    });
    return { entries: items.map(toPayoutEntry), truncated };
  },
});
