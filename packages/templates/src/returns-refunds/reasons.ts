/**
 * Why customers return things, in the words the business acts on. "other"
 * comes first: the rules answer the first label with no confidence when no
 * keyword matches, and a reviewer approving that must not write goods off.
 */
export const REASON_LABELS = ["other", "damaged", "defective", "wrong_size", "changed_mind", "wrong_item", "not_as_described"] as const;

/**
 * Keywords for the rules classifier (no model configured). They cover Shopify's
 * return reason codes (size_too_small, unwanted, defective, wrong_item,
 * not_as_described, style, color…) as well as customers' own words.
 */
export const REASON_RULES: Record<(typeof REASON_LABELS)[number], string[]> = {
  other: ["other"],
  damaged: ["damaged", "broken", "cracked", "torn", "dented", "scratched", "smashed", "crushed", "leaking"],
  defective: ["defective", "faulty", "defect", "stopped working", "does not work", "doesn't work", "not working", "malfunction"],
  wrong_size: ["size", "too small", "too big", "too large", "too tight", "too loose", "fit", "fits"],
  changed_mind: ["changed my mind", "change of mind", "unwanted", "no longer need", "no longer want", "don't need", "don't want", "style", "color", "colour"],
  wrong_item: ["wrong item", "wrong product", "not what i ordered", "sent the wrong", "received the wrong"],
  not_as_described: ["not as described", "not as pictured", "looks different", "different from the picture", "poor quality"],
};
