/** A request's parameters as Stripe reads them: nested objects and arrays of strings. */
export type TParamValue = string | TParams | TParamValue[];
export interface TParams {
  [key: string]: TParamValue;
}

/**
 * Parses `a[b][0][c]=x` pairs (form bodies and query strings, as stripe-node
 * encodes them) into nested objects. Numeric segments and `[]` make arrays.
 */
export function parseStripeParams(encoded: string): TParams {
  const root: TParams = {};
  for (const [rawKey, value] of new URLSearchParams(encoded)) {
    const head = /^[^[]+/.exec(rawKey)?.[0] ?? rawKey;
    const segments = [head, ...[...rawKey.slice(head.length).matchAll(/\[([^\]]*)\]/g)].map((m) => m[1]!)];
    let node: TParams | TParamValue[] = root;
    for (let i = 0; i < segments.length; i++) {
      const segment = segments[i]!;
      const last = i === segments.length - 1;
      const key: string | number = Array.isArray(node) ? (segment === "" ? node.length : Number(segment)) : segment;
      if (last) {
        (node as Record<string | number, TParamValue>)[key] = value;
        break;
      }
      const nextIsIndex = /^\d*$/.test(segments[i + 1]!);
      const existing: TParamValue | undefined = (node as Record<string | number, TParamValue>)[key];
      const child: TParams | TParamValue[] = existing !== undefined && typeof existing === "object" ? existing : nextIsIndex ? [] : {};
      (node as Record<string | number, TParamValue>)[key] = child;
      node = child;
    }
  }
  return compactArrays(root) as TParams;
}

/** `a[1]=x` without `a[0]` still reads as a dense array, like Stripe's parser. */
function compactArrays(value: TParamValue): TParamValue {
  if (Array.isArray(value)) return value.filter((v) => v !== undefined).map(compactArrays);
  if (typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, compactArrays(v)]));
  return value;
}

/** Same params, same fingerprint, whatever order they were sent in (for idempotency). */
export function fingerprintParams(params: TParams): string {
  const canonical = (value: TParamValue): unknown =>
    Array.isArray(value) ? value.map(canonical) : typeof value === "object" ? Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical(value[k]!)])) : value;
  return JSON.stringify(canonical(params));
}
