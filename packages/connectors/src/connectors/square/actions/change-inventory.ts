import { z } from "zod";
import { requestSquare } from "../http-client";
import { fitIdempotencyKey } from "../idempotency-key";
import { toCount, ZCount, ZRawCount } from "../objects";
import { defineSquareAction, resolveLocationIds } from "./define";

const ZQuantity = z.string().regex(/^\d+(\.\d{1,5})?$/, "expected a decimal string with up to 5 places, e.g. \"3\"");
const ZState = z.string().regex(/^[A-Z_]+$/, "expected a Square inventory state such as IN_STOCK");

/**
 * `occurredAt` is part of the input rather than "now" because a retry must send the very
 * same body: Square refuses a reused idempotency key whose request differs.
 */
const ZTarget = { catalogObjectId: z.string().min(1), locationId: z.string().min(1).optional(), quantity: ZQuantity, occurredAt: z.iso.datetime({ offset: true }), referenceId: z.string().max(255).optional() };

const ZChange = z.discriminatedUnion("type", [
  /** Moves `quantity` from one state to another: NONE → IN_STOCK receives stock, IN_STOCK → WASTE writes it off. */
  z.object({ type: z.literal("ADJUSTMENT"), fromState: ZState, toState: ZState, ...ZTarget }),
  /** Sets the count of `state` to `quantity`. */
  z.object({ type: z.literal("PHYSICAL_COUNT"), state: ZState.default("IN_STOCK"), ...ZTarget }),
]);

// Square's limit for BatchChangeInventory idempotency keys.
const MAX_KEY_LENGTH = 128;

export const changeInventory = defineSquareAction({
  title: "Change inventory (adjustments and physical counts)",
  capability: "inventory.adjust",
  idempotency: "key",
  input: z.object({ changes: z.array(ZChange).min(1).max(100) }),
  output: z.object({ counts: z.array(ZCount) }),
  async run(context, input) {
    const changes = input.changes.map((change) => {
      const [locationId] = resolveLocationIds(context.config, change.locationId ? [change.locationId] : undefined);
      const common = {
        catalog_object_id: change.catalogObjectId,
        location_id: locationId,
        quantity: change.quantity,
        occurred_at: change.occurredAt,
        ...(change.referenceId ? { reference_id: change.referenceId } : {}),
      };
      return change.type === "ADJUSTMENT"
        ? { type: "ADJUSTMENT", adjustment: { ...common, from_state: change.fromState, to_state: change.toState } }
        : { type: "PHYSICAL_COUNT", physical_count: { ...common, state: change.state } };
    });
    const data = await requestSquare(context, {
      operation: "BatchChangeInventory",
      method: "POST",
      path: "/v2/inventory/changes/batch-create",
      body: { idempotency_key: fitIdempotencyKey(context.idempotencyKey, MAX_KEY_LENGTH), changes, ignore_unchanged_counts: true },
      response: z.object({ counts: z.array(ZRawCount).optional() }),
    });
    return { counts: (data.counts ?? []).map(toCount) };
  },
});
