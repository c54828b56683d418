import { z } from "zod";

/** A failure the simulator answers with instead of the real response, `times` times. */
export const ZFaultRule = z.strictObject({
  vendor: z.string().min(1),
  method: z.string().toUpperCase().optional(),
  /** Matches when the request path contains it. */
  pathIncludes: z.string().optional(),
  /** Matches when the raw request body contains it (a GraphQL mutation name, an SKU). */
  bodyIncludes: z.string().optional(),
  status: z.int().min(400).max(599),
  /** Seconds, sent as Retry-After. */
  retryAfterS: z.int().min(0).optional(),
  body: z.unknown().optional(),
  times: z.int().min(1).default(1),
  /** Milliseconds to wait before answering (to provoke timeouts). */
  delayMs: z.int().min(0).max(60_000).optional(),
});
export type TFaultRule = z.input<typeof ZFaultRule>;
type TActiveFault = z.output<typeof ZFaultRule> & { id: number };

export interface TFaultRequest {
  vendor: string;
  method: string;
  path: string;
  body: string;
}

/** Faults injected on demand, consumed in the order they were added. */
export class FaultInjector {
  private rules: TActiveFault[] = [];
  private nextId = 1;

  add(rule: TFaultRule): number {
    const id = this.nextId++;
    this.rules.push({ ...ZFaultRule.parse(rule), id });
    return id;
  }

  /** Returns the first matching fault and uses up one of its `times`. */
  take(request: TFaultRequest): TActiveFault | undefined {
    const rule = this.rules.find(
      (r) =>
        r.vendor === request.vendor &&
        (!r.method || r.method === request.method) &&
        (!r.pathIncludes || request.path.includes(r.pathIncludes)) &&
        (!r.bodyIncludes || request.body.includes(r.bodyIncludes)),
    );
    if (!rule) return undefined;
    rule.times -= 1;
    if (rule.times <= 0) this.rules = this.rules.filter((r) => r !== rule);
    return rule;
  }

  clear() {
    this.rules = [];
  }

  list(): readonly TActiveFault[] {
    return this.rules;
  }
}
