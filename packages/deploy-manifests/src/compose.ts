import { load } from "js-yaml";
import { readText } from "./repo";

export interface TComposeService {
  image?: string;
  build?: { context: string; dockerfile: string; target?: string };
  command?: string[];
  environment?: Record<string, string | number | boolean | null>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  profiles?: string[];
  read_only?: boolean;
  tmpfs?: string[];
  cap_drop?: string[];
  security_opt?: string[];
  stop_grace_period?: string;
  ports?: string[];
  restart?: string;
}

export interface TComposeFile {
  name?: string;
  services: Record<string, TComposeService>;
  volumes?: Record<string, unknown>;
}

const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}/g;

/** Compose substitutes in values only, never in comments; whole-line comments are dropped first. */
const withoutComments = (text: string) => text.replace(/^\s*#.*$/gm, "");

/** Every `${NAME…}` a compose file substitutes. */
export function interpolatedVariables(text: string): string[] {
  return [...new Set([...withoutComments(text).replaceAll("$$", "").matchAll(VARIABLE)].map((m) => m[1]!))].sort();
}

/**
 * Compose's substitution: `${A}`, `${A:-default}` / `${A-default}`, `${A:?message}` /
 * `${A?message}` (an error when unset, or empty with the colon), `$$` for a literal `$`.
 */
export function interpolate(text: string, variables: Readonly<Record<string, string>>): string {
  const errors: string[] = [];
  const result = withoutComments(text)
    .split("$$")
    .map((part) =>
      part.replace(VARIABLE, (_all, name: string, operator: string | undefined, operand: string | undefined) => {
        const value = variables[name];
        const missing = operator?.startsWith(":") ? !value : value === undefined;
        if (operator?.endsWith("-")) return missing ? (operand ?? "") : value!;
        if (operator?.endsWith("?") && missing) errors.push(`${name}: ${operand}`);
        return value ?? "";
      }),
    )
    .join("$");
  if (errors.length) throw new Error(`required variables unset:\n${errors.join("\n")}`);
  return result;
}

export function loadCompose(file: string, variables: Readonly<Record<string, string>>): TComposeFile {
  return load(interpolate(readText(file), variables), { filename: file }) as TComposeFile;
}

/** One `KEY=value` of an env file, with the comment lines right above it. */
export interface TEnvEntry {
  key: string;
  value: string;
  comment: string[];
}

export function parseEnvFile(file: string): TEnvEntry[] {
  const entries: TEnvEntry[] = [];
  let comment: string[] = [];
  for (const line of readText(file).split("\n")) {
    if (/^\s*$/.test(line)) comment = [];
    else if (line.startsWith("#")) comment.push(line.replace(/^#\s?/, ""));
    else {
      const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
      if (!match) throw new Error(`${file}: not KEY=value: ${line}`);
      entries.push({ key: match[1]!, value: match[2]!, comment });
      comment = [];
    }
  }
  return entries;
}

/** A duration such as `45s`, `1m30s` or `500ms`, in seconds. */
export function durationSeconds(duration: string): number {
  let seconds = 0;
  for (const [, amount, unit] of duration.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)) {
    seconds += Number(amount) * { ms: 0.001, s: 1, m: 60, h: 3600 }[unit as "ms" | "s" | "m" | "h"];
  }
  return seconds;
}

/** A service's environment as strings (compose turns numbers and booleans into strings; null means unset). */
export function serviceEnv(service: TComposeService): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(service.environment ?? {})) if (value !== null) env[key] = String(value);
  return env;
}
