import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { load, loadAll } from "js-yaml";

/** The repository root: this file is packages/deploy-manifests/src/repo.ts. */
export const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

export function repoPath(relative: string): string {
  return path.join(ROOT, relative);
}

export function readText(relative: string): string {
  return readFileSync(repoPath(relative), "utf8");
}

export function exists(relative: string): boolean {
  return existsSync(repoPath(relative));
}

/** Files under a directory (repository-relative paths), depth first, sorted. */
export function listFiles(relativeDir: string, predicate: (file: string) => boolean = () => true): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(repoPath(relativeDir), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const relative = path.posix.join(relativeDir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(relative, predicate));
    else if (predicate(relative)) out.push(relative);
  }
  return out;
}

export const isYaml = (file: string) => /\.ya?ml$/.test(file);

/** Every document of a YAML file; empty documents (a trailing `---`) are dropped. */
export function loadYamlDocuments(relative: string): unknown[] {
  return loadAll(readText(relative), null, { filename: relative }).filter((doc) => doc !== null && doc !== undefined);
}

export function loadYaml<T>(relative: string): T {
  return load(readText(relative), { filename: relative }) as T;
}

/** The repository's package.json. */
export function rootPackageJson(): { packageManager: string; scripts: Record<string, string> } {
  return JSON.parse(readText("package.json")) as { packageManager: string; scripts: Record<string, string> };
}
