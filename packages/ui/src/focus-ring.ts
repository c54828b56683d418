/**
 * The one visible keyboard-focus style (WCAG 2.4.7). An outline rather than a box-shadow ring,
 * so it survives forced-colours mode; its colour is the brand text colour, which is 4.5:1
 * against the page in both modes.
 */
export const focusRing =
  "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring";
