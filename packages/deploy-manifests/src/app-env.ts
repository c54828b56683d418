import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { readText, repoPath, rootPackageJson } from "./repo";

type TSource = Record<string, string | undefined>;

/** One package's env reader (`defineEnv` or the simulator's own), as an app calls it at boot. */
export interface TEnvReader {
  name: string;
  read: (source: TSource) => Record<string, unknown>;
}

/**
 * Where each deployable composes its environment: the file whose `read…Env()` calls are
 * the variables it validates at boot. The readers are found from those calls, so a new
 * package env added to an app is picked up here without an edit.
 */
export const APPS = {
  portal: { composes: "apps/portal/src/env.ts" },
  worker: { composes: "apps/worker/src/main.ts" },
  ingress: { composes: "apps/ingress/src/main.ts" },
  simulator: { composes: "apps/simulator/src/main.ts" },
} as const;
export type TAppName = keyof typeof APPS;

function importedNames(source: string): Map<string, string> {
  const names = new Map<string, string>();
  for (const match of source.matchAll(/import\s*\{([^}]*)\}\s*from\s*["']([^"']+)["']/g)) {
    for (const part of match[1]!.split(",")) {
      const name = part.replace(/^\s*type\s+/, "").split(/\s+as\s+/).pop()!.trim();
      if (name) names.set(name, match[2]!);
    }
  }
  return names;
}

/** Modules that may export a reader: a package's src/env.ts (lighter to import) before its index. */
function readerModuleCandidates(specifier: string, fromFile: string): string[] {
  if (specifier.startsWith(".")) {
    const base = path.resolve(path.dirname(fromFile), specifier);
    return [`${base}.ts`, path.join(base, "index.ts")].filter((file) => existsSync(file));
  }
  const entry = createRequire(fromFile).resolve(specifier);
  return [path.join(path.dirname(entry), "env.ts"), entry].filter((file) => existsSync(file));
}

/** The readers `file` calls (`readXEnv(`), imported from the modules it names. */
export async function loadReaders(file: string): Promise<TEnvReader[]> {
  const source = readText(file);
  const imports = importedNames(source);
  // A reader the file defines itself must be exported for this test to load it.
  const ownReaders = new Set([...source.matchAll(/export\s+(?:const|function)\s+(read[A-Z]\w*Env)\b/g)].map((m) => m[1]!));
  const called = [...new Set([...source.matchAll(/\b(read[A-Z]\w*Env)\s*\(/g)].map((m) => m[1]!))].filter((name) => imports.has(name) || ownReaders.has(name));
  if (called.length === 0) throw new Error(`${file} calls no read…Env() reader`);
  return Promise.all(
    called.map(async (name) => {
      const candidates = ownReaders.has(name) ? [repoPath(file)] : readerModuleCandidates(imports.get(name)!, repoPath(file));
      for (const candidate of candidates) {
        const mod = (await import(/* @vite-ignore */ candidate)) as Record<string, unknown>;
        if (typeof mod[name] === "function") return { name, read: mod[name] as TEnvReader["read"] };
      }
      throw new Error(`${name} (imported by ${file}) is exported by none of ${candidates.join(", ")}`);
    }),
  );
}

export function loadAppReaders(app: TAppName): Promise<TEnvReader[]> {
  return loadReaders(APPS[app].composes);
}

/** `EnvError` from @storeflow/env (matched by shape: the test may load its own copy of the module). */
function envProblems(error: unknown): string[] | undefined {
  const problems = (error as { problems?: unknown }).problems;
  return Array.isArray(problems) ? (problems as string[]) : undefined;
}

/** What the readers report for `env`: each problem names its variable first ("NAME: message"). */
export function checkEnv(readers: readonly TEnvReader[], env: TSource): { problems: string[]; values: Record<string, unknown> } {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  for (const reader of readers) {
    try {
      Object.assign(values, reader.read(env));
    } catch (error) {
      const found = envProblems(error);
      if (!found) throw error;
      problems.push(...found.map((problem) => `${reader.name}: ${problem}`));
    }
  }
  return { problems, values };
}

/**
 * Every variable the readers declare, whether or not `env` is valid: the keys they return
 * for a baseline that satisfies them (`wellFormed`, e.g. sample secrets) with defaults for the rest.
 */
export function declaredVariables(readers: readonly TEnvReader[], wellFormed: TSource): Set<string> {
  const { problems, values } = checkEnv(readers, wellFormed);
  if (problems.length) throw new Error(`the baseline environment does not satisfy the readers:\n${problems.join("\n")}`);
  return new Set(Object.keys(values));
}

/** Variables without a default: what an empty environment is missing. */
export function requiredVariables(readers: readonly TEnvReader[]): string[] {
  const { problems } = checkEnv(readers, {});
  return [...new Set(problems.map((problem) => problem.split(": ")[1]!.split(":")[0]!.split(".")[0]!))].sort();
}

/**
 * What a root `pnpm <script>` run from the tools image reads: the `process.env.X` of the
 * script file it runs, and the secrets reader when it builds the key ring from the
 * environment (`keyRingFromEnv()` without arguments calls readSecretsEnv()).
 */
export async function toolsScriptEnv(script: string): Promise<{ file: string; variables: string[]; readers: TEnvReader[] }> {
  const command = rootPackageJson().scripts[script];
  const file = command?.match(/^tsx (\S+\.ts)$/)?.[1];
  if (!file) throw new Error(`package.json script "${script}" is not "tsx <file>.ts": ${command}`);
  const source = readText(file);
  const variables = [...new Set([...source.matchAll(/process\.env\.([A-Z0-9_]+)/g)].map((m) => m[1]!))].sort();
  const readers: TEnvReader[] = [];
  if (/\bkeyRingFromEnv\(\)/.test(source)) {
    const mod = (await import(/* @vite-ignore */ repoPath("packages/secrets/src/env.ts"))) as { readSecretsEnv: TEnvReader["read"] };
    readers.push({ name: "readSecretsEnv", read: mod.readSecretsEnv });
  }
  return { file, variables, readers };
}
