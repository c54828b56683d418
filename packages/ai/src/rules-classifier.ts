import { type TClassification } from "@storeflow/runs";

/** Text of whatever the step classifies: strings as they are, anything else as JSON. */
export function classifiedText(input: unknown): string {
  return typeof input === "string" ? input : JSON.stringify(input ?? null);
}

const words = (text: string) => text.toLowerCase().normalize("NFKD").replace(/[^\p{L}\p{N}]+/gu, " ");

/**
 * The deterministic classifier: counts each label's keywords (the label's own
 * words when the step names none) in the text. The label with most hits wins;
 * its confidence is its share of all hits, discounted while the evidence is
 * thin (one hit alone is worth 0.5, two 0.75, three 0.875), so rules rarely
 * clear a high threshold on their own and a person looks instead.
 */
export function classifyByRules(input: unknown, labels: readonly string[], rules: Readonly<Record<string, readonly string[]>> = {}): TClassification {
  const text = ` ${words(classifiedText(input))} `;
  const scored = labels.map((label) => {
    const keywords = rules[label]?.length ? rules[label]! : [label.replace(/[-_]+/g, " ")];
    const matched = keywords.filter((keyword) => text.includes(` ${words(keyword).trim()} `));
    return { label, hits: matched.length, matched };
  });
  const ranked = [...scored].sort((a, b) => b.hits - a.hits);
  const [best] = ranked;
  const total = scored.reduce((sum, s) => sum + s.hits, 0);
  if (!best || best.hits === 0) return { label: labels[0]!, confidence: 0, rationale: "No rule matched the text.", source: "rules" };
  const confidence = Math.round((best.hits / total) * (1 - 0.5 ** best.hits) * 1000) / 1000;
  const others = ranked.filter((s) => s !== best && s.hits > 0).map((s) => `${s.label} (${s.matched.join(", ")})`);
  return {
    label: best.label,
    confidence,
    rationale: `Matched ${best.matched.map((k) => `"${k}"`).join(", ")} for ${best.label}${others.length ? `; also ${others.join("; ")}` : ""}.`,
    source: "rules",
  };
}
