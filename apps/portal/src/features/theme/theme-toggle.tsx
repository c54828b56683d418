"use client";

import { Select } from "@storeflow/ui";
import { useEffect, useState } from "react";
import { THEME_COOKIE, THEME_COOKIE_MAX_AGE_S, type TThemePreference } from "./theme";

const DARK_QUERY = "(prefers-color-scheme: dark)";

function apply(preference: TThemePreference) {
  const root = document.documentElement;
  root.dataset.theme = preference;
  root.classList.toggle("dark", preference === "dark" || (preference === "system" && window.matchMedia(DARK_QUERY).matches));
}

/**
 * System, light or dark, remembered in a cookie so the server renders the
 * right mode next time. The brand's colours need no work here: the root
 * layout's brand stylesheet carries a contrast-checked set for each mode.
 */
export function ThemeToggle({ initial }: { initial: TThemePreference }) {
  const [preference, setPreference] = useState(initial);
  useEffect(() => {
    apply(preference);
    if (preference !== "system") return;
    const media = window.matchMedia(DARK_QUERY);
    const follow = () => apply("system");
    media.addEventListener("change", follow);
    return () => media.removeEventListener("change", follow);
  }, [preference]);
  return (
    <label className="flex items-center gap-2 text-sm">
      <span className="text-muted-foreground">Theme</span>
      <Select
        value={preference}
        className="w-28"
        onChange={(event) => {
          const next = event.currentTarget.value as TThemePreference;
          document.cookie = `${THEME_COOKIE}=${next}; Path=/; Max-Age=${THEME_COOKIE_MAX_AGE_S}; SameSite=Lax`;
          setPreference(next);
        }}
      >
        <option value="system">System</option>
        <option value="light">Light</option>
        <option value="dark">Dark</option>
      </Select>
    </label>
  );
}
