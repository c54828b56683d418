import { type TAnyTemplate } from "./template";

/** The templates a deployment offers, every version of each. */
export interface TTemplateCatalog {
  /** The newest version of each template, by key. */
  latest(): TAnyTemplate[];
  /** One version; the newest when `version` is left out. */
  get(key: string, version?: string): TAnyTemplate | undefined;
  /** Every version of a template, oldest first. */
  versions(key: string): TAnyTemplate[];
}

/** Compares "1.10.0" above "1.9.2". */
export function compareVersions(a: string, b: string): number {
  const [pa, pb] = [a.split(".").map(Number), b.split(".").map(Number)];
  for (let i = 0; i < 3; i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

export function createTemplateCatalog(templates: readonly TAnyTemplate[]): TTemplateCatalog {
  const byKey = new Map<string, TAnyTemplate[]>();
  for (const template of templates) {
    const versions = byKey.get(template.key) ?? [];
    if (versions.some((t) => t.version === template.version)) throw new Error(`template ${template.key}@${template.version} is listed twice`);
    versions.push(template);
    versions.sort((a, b) => compareVersions(a.version, b.version));
    byKey.set(template.key, versions);
  }
  return {
    latest: () => [...byKey.values()].map((versions) => versions.at(-1)!),
    get: (key, version) => {
      const versions = byKey.get(key);
      return version === undefined ? versions?.at(-1) : versions?.find((t) => t.version === version);
    },
    versions: (key) => [...(byKey.get(key) ?? [])],
  };
}
