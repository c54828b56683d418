/** The colour theme a person picked; "system" follows the device's light/dark setting. */
export type TThemePreference = "system" | "light" | "dark";

/** A preference, not a secret: readable by the page's script, remembered for a year. */
export const THEME_COOKIE = "sf-theme";
export const THEME_COOKIE_MAX_AGE_S = 365 * 24 * 60 * 60;

export function parseThemePreference(value: string | undefined): TThemePreference {
  return value === "light" || value === "dark" ? value : "system";
}

/**
 * Runs in <head> before the body paints, so a "system" preference on a dark
 * device never flashes light. Static text: nothing user-supplied goes into it.
 */
export const THEME_BOOT_SCRIPT = `(function(){try{var e=document.documentElement,t=e.dataset.theme;e.classList.toggle("dark",t==="dark"||(t!=="light"&&matchMedia("(prefers-color-scheme: dark)").matches))}catch(_){}})()`;
