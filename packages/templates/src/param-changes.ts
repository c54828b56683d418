import { z } from "zod";
import { type TAnyTemplate } from "./template";

/** One parameter that differs between two versions of a template. */
export interface TParamChange {
  name: string;
  change: "added" | "removed" | "changed";
  /** Its title in the newer version (or the older, when removed). */
  title: string;
  /** What differs, in words: "default 5 → 10", "now required". */
  detail: string;
}

type TJsonProperty = { title?: string; default?: unknown; type?: unknown; enum?: unknown[]; minimum?: number; maximum?: number };

function properties(template: TAnyTemplate): { props: Record<string, TJsonProperty>; required: Set<string> } {
  const schema = z.toJSONSchema(template.params, { io: "input", unrepresentable: "any" }) as { properties?: Record<string, TJsonProperty>; required?: string[] };
  return { props: schema.properties ?? {}, required: new Set(schema.required ?? []) };
}

const show = (value: unknown) => (value === undefined ? "none" : JSON.stringify(value));

/** What an upgrade from `from` to `to` changes in the install form, for the partner to review. */
export function describeParamChanges(from: TAnyTemplate, to: TAnyTemplate): TParamChange[] {
  const before = properties(from);
  const after = properties(to);
  const changes: TParamChange[] = [];
  for (const [name, prop] of Object.entries(after.props)) {
    const old = before.props[name];
    const title = prop.title ?? name;
    if (!old) {
      changes.push({ name, change: "added", title, detail: after.required.has(name) ? "required, no default" : `default ${show(prop.default)}` });
      continue;
    }
    const details: string[] = [];
    if (JSON.stringify(old.default) !== JSON.stringify(prop.default)) details.push(`default ${show(old.default)} → ${show(prop.default)}`);
    if (JSON.stringify(old.type) !== JSON.stringify(prop.type)) details.push(`type ${show(old.type)} → ${show(prop.type)}`);
    if (JSON.stringify(old.enum) !== JSON.stringify(prop.enum)) details.push(`choices ${show(old.enum)} → ${show(prop.enum)}`);
    if (old.minimum !== prop.minimum || old.maximum !== prop.maximum) details.push(`range ${show(old.minimum)}–${show(old.maximum)} → ${show(prop.minimum)}–${show(prop.maximum)}`);
    if (before.required.has(name) !== after.required.has(name)) details.push(after.required.has(name) ? "now required" : "now optional");
    if (details.length > 0) changes.push({ name, change: "changed", title, detail: details.join("; ") });
  }
  for (const [name, prop] of Object.entries(before.props)) {
    if (!(name in after.props)) changes.push({ name, change: "removed", title: prop.title ?? name, detail: "no longer used" });
  }
  return changes;
}
