import { describe, expect, it } from "vitest";
import { classifyByRules } from "./rules-classifier";

const labels = ["damaged", "wrong_item", "changed_mind"];
const rules = { damaged: ["broken", "cracked", "damaged", "torn"], wrong_item: ["wrong size", "wrong colour", "not what i ordered"], changed_mind: ["no longer", "changed my mind", "don't need"] };

describe("the rules classifier", () => {
  it("picks the label with most keyword hits, more confident the more evidence there is", () => {
    expect(classifyByRules("The mug arrived cracked", labels, rules)).toEqual({ label: "damaged", confidence: 0.5, rationale: 'Matched "cracked" for damaged.', source: "rules" });
    expect(classifyByRules("Box torn and the lid was broken, clearly damaged", labels, rules)).toMatchObject({ label: "damaged", confidence: 0.875 });
  });

  it("is less sure when the text points two ways, and says so", () => {
    const answer = classifyByRules({ note: "Wrong size, and the seam is torn" }, labels, rules);
    expect(answer.confidence).toBe(0.25);
    expect(answer.rationale).toMatch(/also/);
  });

  it("answers with no confidence when nothing matches, and uses the labels' own words without rules", () => {
    expect(classifyByRules("Please call me", labels, rules)).toMatchObject({ label: "damaged", confidence: 0 });
    expect(classifyByRules("I changed mind", labels)).toMatchObject({ label: "changed_mind", confidence: 0.5 });
  });

  it("matches whole words only, whatever the case and accents", () => {
    expect(classifyByRules("UNBROKEN seal", labels, rules).confidence).toBe(0);
    expect(classifyByRules("Cracked", labels, rules).label).toBe("damaged");
  });
});
