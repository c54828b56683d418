import { randomBytes } from "node:crypto";
import { noSuch } from "./errors";

/** Every stored Stripe object has these; the rest is the resource's own JSON. */
export interface TStripeObject {
  id: string;
  object: string;
  created: number;
  livemode: false;
  [field: string]: unknown;
}

interface TStored {
  /** null for the platform account, else the connected account (`acct_…`) that owns it. */
  account: string | null;
  seq: number;
  value: TStripeObject;
}

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** A Stripe-looking id: `cus_` and 24 base-62 characters. */
export function stripeId(prefix: string): string {
  const bytes = randomBytes(24);
  return `${prefix}_${[...bytes].map((b) => ALPHABET[b % 62]).join("")}`;
}

/** The simulated clock, in Unix seconds; tests move it forward to end billing periods. */
export class StripeClock {
  private offsetS = 0;
  now(): number {
    return Math.floor(Date.now() / 1000) + this.offsetS;
  }
  advance(seconds: number) {
    this.offsetS += seconds;
  }
  reset() {
    this.offsetS = 0;
  }
}

/**
 * Every object of every account, by id. An object belongs to one account, and a
 * request made for another account (`Stripe-Account`) cannot see it: Stripe
 * answers `No such …` then, which is what `require` throws.
 */
export class StripeObjects {
  private readonly byId = new Map<string, TStored>();
  private seq = 0;
  constructor(private readonly clock: StripeClock) {}

  /** Stores a new object; `fields` may set `id` (e.g. an `acct_` id chosen by the caller). */
  insert<T extends TStripeObject>(account: string | null, prefix: string, object: string, fields: Record<string, unknown>): T {
    const value = { id: stripeId(prefix), object, created: this.clock.now(), livemode: false, ...fields } as T;
    this.byId.set(value.id, { account, seq: ++this.seq, value });
    return value;
  }

  get<T extends TStripeObject = TStripeObject>(account: string | null, id: string, object?: string): T | undefined {
    const stored = this.byId.get(id);
    if (!stored || stored.account !== account || (object && stored.value.object !== object)) return undefined;
    return stored.value as T;
  }

  /** The object, or Stripe's 404 `No such <label>: '<id>'`. */
  require<T extends TStripeObject = TStripeObject>(account: string | null, id: string, object: string, options: { label?: string; param?: string } = {}): T {
    const found = this.get<T>(account, id, object);
    if (!found) throw noSuch(options.label ?? object.replace(/_/g, " ").replace(/^.*\./, ""), id, options.param);
    return found;
  }

  /** Merges `patch` into the stored object (shallowly) and returns it. */
  update<T extends TStripeObject = TStripeObject>(account: string | null, id: string, patch: Record<string, unknown>): T {
    const stored = this.byId.get(id);
    if (!stored || stored.account !== account) throw noSuch("object", id);
    Object.assign(stored.value, patch);
    return stored.value as T;
  }

  /** The account's objects of one type, newest first (Stripe's list order). */
  list<T extends TStripeObject = TStripeObject>(account: string | null, object: string, filter: (value: T) => boolean = () => true): T[] {
    return [...this.byId.values()]
      .filter((s) => s.account === account && s.value.object === object && filter(s.value as T))
      .sort((a, b) => b.seq - a.seq)
      .map((s) => s.value as T);
  }

  /** Objects of one type across every account (for billing runs that advance all subscriptions). */
  all<T extends TStripeObject = TStripeObject>(object: string): { account: string | null; value: T }[] {
    return [...this.byId.values()].filter((s) => s.value.object === object).sort((a, b) => a.seq - b.seq).map((s) => ({ account: s.account, value: s.value as T }));
  }

  accountOf(id: string): string | null | undefined {
    return this.byId.get(id)?.account;
  }

  clear() {
    this.byId.clear();
  }
}
