import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  AA_NORMAL_TEXT,
  DEFAULT_BRAND_COLORS,
  NEAR_BLACK,
  PAGE_BACKGROUND,
  TEXT_SURFACES,
  brandCssText,
  brandCssVariables,
  brandSurface,
  contrastRatio,
  ensureContrast,
  parseHexColor,
  readableForeground,
  relativeLuminance,
  type ColorMode,
} from "./brand-colors";

/** Deterministic PRNG (mulberry32) so a failing sweep is reproducible. */
function seededRandom(seed: number) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomColors(count: number, seed: number): string[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => `#${Math.floor(random() * 0x1000000).toString(16).padStart(6, "0")}`);
}

const MODES: ColorMode[] = ["light", "dark"];
const SWEEP = randomColors(200, 20261122);
// Colours that sit on the white/near-black crossover, the hardest inputs.
const EDGE_CASES = ["#777777", "#808080", "#8a8a8a", "#ff0000", "#00ff00", "#0000ff", "#ffff00", "#000000", "#ffffff"];

describe("parseHexColor", () => {
  it("parses 6- and 3-digit forms, with or without #", () => {
    expect(parseHexColor("#1a2B3c")).toEqual({ r: 0x1a, g: 0x2b, b: 0x3c });
    expect(parseHexColor("fa0")).toEqual({ r: 0xff, g: 0xaa, b: 0x00 });
  });

  it.each(["", "#12", "#12345", "#1234567", "#gggggg", "red", "rgb(0,0,0)", "#ffff"])(
    "throws a TypeError naming %j",
    (value) => {
      expect(() => parseHexColor(value)).toThrow(TypeError);
      expect(() => parseHexColor(value)).toThrow(JSON.stringify(value));
    },
  );

  it("throws for invalid input in every public function", () => {
    expect(() => contrastRatio("#fff", "nope")).toThrow(TypeError);
    expect(() => ensureContrast("#zzzzzz", "#ffffff")).toThrow(/"#zzzzzz"/);
    expect(() => ensureContrast("#000000", "blue")).toThrow(/"blue"/);
    expect(() => brandCssVariables({ primaryColor: "#12" }, "light")).toThrow(TypeError);
    expect(() => brandCssVariables({ primaryColor: "#123456", accentColor: "teal" }, "dark")).toThrow(/"teal"/);
  });
});

describe("contrast (WCAG 2.1)", () => {
  it("matches known luminances and ratios", () => {
    expect(relativeLuminance("#000000")).toBe(0);
    expect(relativeLuminance("#ffffff")).toBeCloseTo(1, 12);
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 10);
    expect(contrastRatio("#ffffff", "#000000")).toBeCloseTo(21, 10);
    expect(contrastRatio("#777777", "#ffffff")).toBeCloseTo(4.48, 2);
    expect(contrastRatio("#767676", "#ffffff")).toBeCloseTo(4.54, 2);
    expect(contrastRatio("#2563eb", "#2563eb")).toBe(1);
  });

  it("picks a dark foreground for yellow and white for navy", () => {
    expect(readableForeground("#ffcc00")).toBe(NEAR_BLACK);
    expect(readableForeground("#facc15")).toBe(NEAR_BLACK);
    expect(readableForeground("#000080")).toBe("#ffffff");
    expect(readableForeground("#1e3a8a")).toBe("#ffffff");
  });
});

describe("ensureContrast", () => {
  it("returns a colour that already passes unchanged (normalised)", () => {
    expect(ensureContrast("#1E3A8A", "#ffffff")).toBe("#1e3a8a");
  });

  it("darkens on light backgrounds and lightens on dark ones", () => {
    const onWhite = ensureContrast("#ffcc00", "#ffffff");
    expect(relativeLuminance(onWhite)).toBeLessThan(relativeLuminance("#ffcc00"));
    expect(contrastRatio(onWhite, "#ffffff")).toBeGreaterThanOrEqual(4.5);

    const onDark = ensureContrast("#000080", NEAR_BLACK);
    expect(relativeLuminance(onDark)).toBeGreaterThan(relativeLuminance("#000080"));
    expect(contrastRatio(onDark, NEAR_BLACK)).toBeGreaterThanOrEqual(4.5);
  });

  it("changes the colour only as much as needed", () => {
    // #777777 is 4.48:1 on white; one step darker is enough.
    expect(ensureContrast("#777777", "#ffffff")).toBe("#767676");
  });

  it("honours a custom minimum", () => {
    expect(contrastRatio(ensureContrast("#2563eb", "#ffffff", 7), "#ffffff")).toBeGreaterThanOrEqual(7);
  });

  it.each(MODES)("reaches 4.5:1 for 200 random colours on the %s page background", (mode) => {
    for (const color of [...SWEEP, ...EDGE_CASES]) {
      const adjusted = ensureContrast(color, PAGE_BACKGROUND[mode]);
      expect(contrastRatio(adjusted, PAGE_BACKGROUND[mode]), `${color} → ${adjusted}`).toBeGreaterThanOrEqual(
        AA_NORMAL_TEXT,
      );
    }
  });

  it("reaches 4.5:1 against arbitrary backgrounds too", () => {
    const backgrounds = randomColors(200, 7);
    SWEEP.forEach((color, i) => {
      const against = backgrounds[i] ?? "#ffffff";
      expect(contrastRatio(ensureContrast(color, against), against)).toBeGreaterThanOrEqual(AA_NORMAL_TEXT);
    });
  });
});

describe("brandSurface", () => {
  it("shifts mid-tones that neither white nor near-black can read on", () => {
    // Luminance ≈ 0.2: white is 4.4:1 and near-black 4.4:1 on the raw colour.
    const { background, foreground } = brandSurface("#808080");
    expect(contrastRatio(background, foreground)).toBeGreaterThanOrEqual(4.5);
  });
});

describe("brandCssVariables", () => {
  it.each(MODES)("gives AA pairs for 200 random partner colours in %s mode", (mode) => {
    const accents = randomColors(200, 99);
    SWEEP.forEach((primaryColor, i) => {
      const vars = brandCssVariables({ primaryColor, accentColor: accents[i] }, mode);
      const context = `${mode} ${primaryColor}/${accents[i]}: ${JSON.stringify(vars)}`;
      expect(contrastRatio(vars["--brand-primary"], vars["--brand-primary-foreground"]), context).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(vars["--brand-primary-hover"], vars["--brand-primary-foreground"]), context).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(vars["--brand-accent"], vars["--brand-accent-foreground"]), context).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(vars["--brand-primary-text"], PAGE_BACKGROUND[mode]), context).toBeGreaterThanOrEqual(4.5);
      for (const surface of TEXT_SURFACES[mode]) expect(contrastRatio(vars["--brand-primary-text"], surface), `${context} on ${surface}`).toBeGreaterThanOrEqual(4.5);
    });
  });

  it("uses the expected foregrounds for yellow and navy brands", () => {
    const yellow = brandCssVariables({ primaryColor: "#ffcc00", accentColor: "#000080" }, "light");
    expect(yellow["--brand-primary"]).toBe("#ffcc00");
    expect(yellow["--brand-primary-foreground"]).toBe(NEAR_BLACK);
    expect(yellow["--brand-accent-foreground"]).toBe("#ffffff");
    // Yellow text on white is unreadable, so the text variant is darkened.
    expect(yellow["--brand-primary-text"]).not.toBe("#ffcc00");
    // Navy text on the dark page is unreadable, so the dark-mode text variant is lightened.
    const navy = brandCssVariables({ primaryColor: "#000080" }, "dark");
    expect(relativeLuminance(navy["--brand-primary-text"])).toBeGreaterThan(relativeLuminance("#000080"));
    expect(navy["--brand-accent"]).toBe("#000080");
  });

  it("emits a stylesheet for both modes", () => {
    const css = brandCssText({ primaryColor: "#ffcc00" });
    expect(css).toMatch(/^:root\{--brand-primary:#ffcc00;.*\}\.dark\{.*\}$/);
    expect(css).not.toMatch(/[<>]/);
  });
});

describe("styles.css", () => {
  const css = readFileSync(new URL("./styles.css", import.meta.url), "utf8");

  function block(selector: string): Record<string, string> {
    const body = new RegExp(`\\n\\s*${selector.replace(".", "\\.")} \\{([^}]*)\\}`).exec(css)?.[1];
    if (!body) throw new Error(`no ${selector} block in styles.css`);
    return Object.fromEntries([...body.matchAll(/(--[\w-]+):\s*([^;]+);/g)].map((m) => [m[1], m[2]?.trim()]));
  }

  const blocks = { light: block(":root"), dark: block(".dark") };

  it.each(MODES)("has default brand values equal to brandCssVariables(DEFAULT_BRAND_COLORS) in %s mode", (mode) => {
    for (const [name, value] of Object.entries(brandCssVariables(DEFAULT_BRAND_COLORS, mode))) {
      expect(blocks[mode][name], name).toBe(value);
    }
    expect(blocks[mode]["--background"]).toBe(PAGE_BACKGROUND[mode]);
    expect(TEXT_SURFACES[mode]).toEqual([blocks[mode]["--background"], ...(mode === "dark" ? [blocks[mode]["--card"]] : []), blocks[mode]["--muted"]]);
  });

  const TEXT_PAIRS: [foreground: string, background: string][] = [
    ["--foreground", "--background"],
    ["--foreground", "--card"],
    ["--foreground", "--muted"],
    ["--muted-foreground", "--background"],
    ["--muted-foreground", "--card"],
    ["--muted-foreground", "--muted"],
    ...(["danger", "success", "warning", "info"] as const).flatMap((tone): [string, string][] => [
      [`--${tone}-foreground`, `--${tone}`],
      [`--${tone}`, `--${tone}-subtle`],
      [`--${tone}`, "--background"],
      [`--${tone}`, "--card"],
    ]),
  ];

  it.each(MODES)("keeps every neutral and status text pair at AA in %s mode", (mode) => {
    for (const [fg, bg] of TEXT_PAIRS) {
      const pair = `${fg} on ${bg}: ${blocks[mode][fg]} / ${blocks[mode][bg]}`;
      expect(contrastRatio(blocks[mode][fg] ?? "", blocks[mode][bg] ?? ""), pair).toBeGreaterThanOrEqual(4.5);
    }
  });

  it.each(MODES)("gives form-control borders 3:1 against the page in %s mode (WCAG 1.4.11)", (mode) => {
    expect(contrastRatio(blocks[mode]["--input"] ?? "", blocks[mode]["--background"] ?? "")).toBeGreaterThanOrEqual(3);
  });
});
