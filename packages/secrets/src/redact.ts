const REDACTED = "[redacted]";
// Shorter values would redact ordinary words and numbers all over a log line.
const MIN_SECRET_LENGTH = 4;

function needlesOf(secrets: readonly string[]): string[] {
  const needles = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    needles.add(secret);
    // Secrets travel in query strings too (`?api_key=…`).
    needles.add(encodeURIComponent(secret));
  }
  return [...needles];
}

function redactString(text: string, needles: readonly string[]): string {
  // Mark every occurrence on the original text, then cut merged spans: replacing one
  // secret at a time would leave pieces of a second secret that overlaps the first.
  const spans: [number, number][] = [];
  for (const needle of needles) {
    for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) spans.push([at, at + needle.length]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [start, stop] of spans) {
    const last = merged.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], stop);
    else merged.push([start, stop]);
  }
  let result = "";
  let cursor = 0;
  for (const [start, stop] of merged) {
    result += text.slice(cursor, start) + REDACTED;
    cursor = stop;
  }
  return result + text.slice(cursor);
}

function redactInner(value: unknown, needles: readonly string[], ancestors: Set<object>): unknown {
  if (typeof value === "string") return redactString(value, needles);
  if (value === null || typeof value !== "object") return value;
  if (ancestors.has(value)) return "[circular]";
  // Dates, Buffers and key holders: redact what JSON.stringify would write for them.
  if ("toJSON" in value && typeof value.toJSON === "function") return redactInner(value.toJSON(), needles, ancestors);
  ancestors.add(value);
  const copy = Array.isArray(value)
    ? value.map((item) => redactInner(item, needles, ancestors))
    : Object.fromEntries(
        Object.entries(value).map(([key, inner]) => [redactString(key, needles), redactInner(inner, needles, ancestors)]),
      );
  ancestors.delete(value);
  return copy;
}

/**
 * A deep copy of a JSON-like value in which every occurrence of a secret value (of at
 * least 4 characters, raw or URL-encoded) inside any string, object keys included, is
 * replaced by `[redacted]`. For scrubbing step inputs and outputs and log lines.
 */
export function redactSecretValues(value: unknown, secrets: readonly string[]): unknown {
  return redactInner(value, needlesOf(secrets), new Set());
}
