// js-yaml ships no types and @types/js-yaml is not in the lockfile; these are the two
// functions this package calls (js-yaml 4: YAML 1.2 core schema, merge keys supported).
declare module "js-yaml" {
  export function load(text: string, options?: { filename?: string }): unknown;
  export function loadAll(text: string, iterator?: null, options?: { filename?: string }): unknown[];
}
