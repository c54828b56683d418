import { labelOf } from "../schema-form/schema-fields";

/** What a person deciding an approval reads first, picked from the step's free-form `details`. */
export interface TApprovalFacts {
  /** `details.why`: the reasons the workflow asked (each a sentence). */
  why: string[];
  /** Top-level text, number and yes/no values, labelled from their keys, in the step's order. */
  facts: { label: string; value: string }[];
  /** A nested object's `rationale` (an AI classification's), labelled by the object's key. */
  rationales: { label: string; text: string }[];
}

/** Enough to decide on without opening the run; the whole JSON stays on the run's page. */
const MAX_FACTS = 8;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function scalarText(value: unknown): string | null {
  if (typeof value === "string") return value.trim() ? value : null;
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : null;
  if (typeof value === "boolean") return value ? "Yes" : "No";
  return null;
}

/** Templates shape `details` as they like; anything that is not plain data is left out, never thrown on. */
export function approvalFactsOf(details: unknown): TApprovalFacts {
  const facts: TApprovalFacts = { why: [], facts: [], rationales: [] };
  if (!isRecord(details)) return facts;
  for (const [key, value] of Object.entries(details)) {
    if (key === "why") {
      facts.why = (Array.isArray(value) ? value : [value]).filter((reason): reason is string => typeof reason === "string" && reason.trim() !== "");
      continue;
    }
    const text = scalarText(value);
    if (text !== null && facts.facts.length < MAX_FACTS) facts.facts.push({ label: labelOf(key), value: text });
    if (isRecord(value) && typeof value.rationale === "string" && value.rationale.trim()) facts.rationales.push({ label: labelOf(key), text: value.rationale });
  }
  return facts;
}
