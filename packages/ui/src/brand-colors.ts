/**
 * Partner brand colours → accessible CSS custom properties (WCAG 2.1 contrast).
 *
 * Invariant: whatever hex colour a partner enters, every foreground/background pair this
 * module emits has a contrast ratio of at least {@link AA_NORMAL_TEXT} (4.5:1). Colours are
 * adjusted by mixing toward black or white in sRGB, which keeps the hue recognisable.
 */

export interface Rgb {
  r: number;
  g: number;
  b: number;
}

export type ColorMode = "light" | "dark";

/** WCAG 2.1 AA minimum for normal-size text (success criterion 1.4.3). */
export const AA_NORMAL_TEXT = 4.5;

/** Near-black used for dark text and the dark-mode page background (matches styles.css). */
export const NEAR_BLACK = "#0b0f19";
export const WHITE = "#ffffff";

/** Page background per mode; must stay equal to `--background` in styles.css. */
export const PAGE_BACKGROUND: Record<ColorMode, string> = { light: WHITE, dark: NEAR_BLACK };

/**
 * Every surface brand-coloured text (links, focus rings) sits on, per mode: the
 * page, cards and muted panels. Must stay equal to `--background`, `--card` and
 * `--muted` in styles.css. Dark mode's surfaces differ more than light mode's,
 * so a colour checked against the page alone can fail on a card.
 */
export const TEXT_SURFACES: Record<ColorMode, readonly string[]> = { light: [WHITE, "#f3f4f6"], dark: [NEAR_BLACK, "#111827", "#1f2937"] };

/** Used when a partner has not chosen colours; matches the Partner model's column defaults. */
export const DEFAULT_BRAND_COLORS = { primaryColor: "#2563eb", accentColor: "#0f766e" } as const;

const HEX_PATTERN = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i;

/** Parses `#rgb` or `#rrggbb` (leading `#` optional, any case). Throws a TypeError otherwise. */
export function parseHexColor(value: string): Rgb {
  const match = typeof value === "string" ? HEX_PATTERN.exec(value.trim()) : null;
  if (!match?.[1]) {
    throw new TypeError(`Invalid hex colour ${JSON.stringify(value)}: expected #rgb or #rrggbb`);
  }
  const digits = match[1].length === 3 ? [...match[1]].map((d) => d + d).join("") : match[1];
  return {
    r: Number.parseInt(digits.slice(0, 2), 16),
    g: Number.parseInt(digits.slice(2, 4), 16),
    b: Number.parseInt(digits.slice(4, 6), 16),
  };
}

/** Formats channels (rounded, clamped to 0–255) as lowercase `#rrggbb`. */
export function formatHexColor({ r, g, b }: Rgb): string {
  const hex = (n: number) =>
    Math.round(Math.min(255, Math.max(0, n)))
      .toString(16)
      .padStart(2, "0");
  return `#${hex(r)}${hex(g)}${hex(b)}`;
}

function toRgb(color: string | Rgb): Rgb {
  return typeof color === "string" ? parseHexColor(color) : color;
}

function linearChannel(channel: number): number {
  const c = channel / 255;
  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** WCAG 2.1 relative luminance, 0 (black) to 1 (white). */
export function relativeLuminance(color: string | Rgb): number {
  const { r, g, b } = toRgb(color);
  return 0.2126 * linearChannel(r) + 0.7152 * linearChannel(g) + 0.0722 * linearChannel(b);
}

/** WCAG 2.1 contrast ratio, 1 to 21; symmetric in its arguments. */
export function contrastRatio(a: string | Rgb, b: string | Rgb): number {
  const la = relativeLuminance(a);
  const lb = relativeLuminance(b);
  const [light, dark] = la >= lb ? [la, lb] : [lb, la];
  return (light + 0.05) / (dark + 0.05);
}

/** White or near-black, whichever contrasts more with `background` (ties go to white). */
export function readableForeground(background: string): typeof WHITE | typeof NEAR_BLACK {
  return contrastRatio(background, WHITE) >= contrastRatio(background, NEAR_BLACK) ? WHITE : NEAR_BLACK;
}

function mix(from: Rgb, to: Rgb, amount: number): Rgb {
  return {
    r: from.r + (to.r - from.r) * amount,
    g: from.g + (to.g - from.g) * amount,
    b: from.b + (to.b - from.b) * amount,
  };
}

const BLACK_RGB: Rgb = { r: 0, g: 0, b: 0 };
const WHITE_RGB: Rgb = { r: 255, g: 255, b: 255 };
const SEARCH_STEPS = 64;

/**
 * Mixes `color` toward `target` by the smallest amount (on a 1/64 grid, then bisected) whose
 * rounded hex reaches `min` against `against`; null if even `target` itself does not.
 * The grid scan comes first because contrast is not monotonic along the path when `color`
 * starts on the other side of `against`'s luminance.
 */
function mixUntilContrast(color: Rgb, target: Rgb, against: string, min: number): string | null {
  const at = (amount: number) => formatHexColor(mix(color, target, amount));
  let previous = 0;
  for (let step = 1; step <= SEARCH_STEPS; step++) {
    const amount = step / SEARCH_STEPS;
    if (contrastRatio(at(amount), against) >= min) {
      let low = previous;
      let high = amount;
      for (let i = 0; i < 12; i++) {
        const middle = (low + high) / 2;
        if (contrastRatio(at(middle), against) >= min) high = middle;
        else low = middle;
      }
      return at(high);
    }
    previous = amount;
  }
  return null;
}

/**
 * Returns `color` (as lowercase `#rrggbb`) if it already reaches `min` against `against`,
 * otherwise the closest darker or lighter shade that does. When no shade can reach `min`
 * (only possible for `min` above ~4.58 against a mid-grey), returns black or white, whichever
 * contrasts more. For `min` ≤ 4.5 the result always meets `min`.
 *
 * @param min - minimum contrast ratio. @defaultValue 4.5
 */
export function ensureContrast(color: string, against: string, min: number = AA_NORMAL_TEXT): string {
  const rgb = parseHexColor(color);
  parseHexColor(against);
  const original = formatHexColor(rgb);
  if (contrastRatio(original, against) >= min) return original;

  const candidates = [mixUntilContrast(rgb, BLACK_RGB, against, min), mixUntilContrast(rgb, WHITE_RGB, against, min)]
    .filter((candidate): candidate is string => candidate !== null)
    .sort((a, b) => colorDistance(a, original) - colorDistance(b, original));
  if (candidates[0]) return candidates[0];
  return contrastRatio("#000000", against) >= contrastRatio("#ffffff", against) ? "#000000" : "#ffffff";
}

function colorDistance(a: string, b: string): number {
  const x = parseHexColor(a);
  const y = parseHexColor(b);
  return (x.r - y.r) ** 2 + (x.g - y.g) ** 2 + (x.b - y.b) ** 2;
}

/**
 * {@link ensureContrast} against several backgrounds at once: adjusted until it
 * reaches `min` on every one (a few rounds at most, as each round only moves
 * the colour further from all of them when they lie on one side of it).
 */
export function ensureContrastOnAll(color: string, backgrounds: readonly string[], min: number = AA_NORMAL_TEXT): string {
  let result = formatHexColor(parseHexColor(color));
  for (let round = 0; round < 4; round++) {
    const failing = backgrounds.find((background) => contrastRatio(result, background) < min);
    if (!failing) return result;
    result = ensureContrast(result, failing, min);
  }
  return result;
}

export interface SurfacePair {
  /** The surface colour, possibly a shade of the input so that `foreground` stays readable. */
  background: string;
  foreground: typeof WHITE | typeof NEAR_BLACK;
  /** A hover shade with at least the same contrast against `foreground`. */
  hover: string;
}

/**
 * A brand colour used as a filled surface (buttons, badges) plus the text colour on it.
 * White/near-black alone leaves mid-tones (around luminance 0.19) just below 4.5:1, so the
 * surface is shifted away from the foreground when needed.
 */
export function brandSurface(color: string): SurfacePair {
  const foreground = readableForeground(color);
  const background = ensureContrast(color, foreground);
  // Moving away from the foreground only increases contrast, so hover stays AA as well.
  const hover = formatHexColor(mix(parseHexColor(background), foreground === WHITE ? BLACK_RGB : WHITE_RGB, 0.12));
  return { background, foreground, hover };
}

/** Partner branding as stored on the Partner row. */
export interface BrandColors {
  /** Main brand colour (`#rgb` / `#rrggbb`). */
  primaryColor: string;
  /** Secondary brand colour; falls back to `primaryColor` when missing. */
  accentColor?: string | null;
}

export type BrandCssVariables = Record<
  | "--brand-primary"
  | "--brand-primary-foreground"
  | "--brand-primary-hover"
  | "--brand-primary-text"
  | "--brand-accent"
  | "--brand-accent-foreground",
  string
>;

/**
 * CSS custom properties consumed by styles.css for one colour mode. `--brand-primary-text`
 * is the brand colour adjusted to read as text (links, focus rings) on every surface of
 * that mode ({@link TEXT_SURFACES}), so switching to dark mode re-checks the brand. Throws a TypeError for an invalid hex colour.
 */
export function brandCssVariables(brand: BrandColors, mode: ColorMode): BrandCssVariables {
  const primary = brandSurface(brand.primaryColor);
  const accent = brandSurface(brand.accentColor ?? brand.primaryColor);
  return {
    "--brand-primary": primary.background,
    "--brand-primary-foreground": primary.foreground,
    "--brand-primary-hover": primary.hover,
    "--brand-primary-text": ensureContrastOnAll(brand.primaryColor, TEXT_SURFACES[mode]),
    "--brand-accent": accent.background,
    "--brand-accent-foreground": accent.foreground,
  };
}

/**
 * A stylesheet body that applies a partner's brand in both modes, for a `<style>` tag in the
 * root layout. Safe to inline: every value is a hex colour this module formatted itself.
 * styles.css keeps its defaults in `@layer base`, so these unlayered rules always win.
 */
export function brandCssText(brand: BrandColors): string {
  const block = (mode: ColorMode) =>
    Object.entries(brandCssVariables(brand, mode))
      .map(([name, value]) => `${name}:${value};`)
      .join("");
  return `:root{${block("light")}}.dark{${block("dark")}}`;
}
