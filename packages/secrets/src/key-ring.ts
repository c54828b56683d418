import { type Kek } from "./key-material";
import { UnknownKeyError } from "./errors";

/** Options of `createKeyRing`. */
export interface CreateKeyRingOptions {
  /** Wraps every new and re-wrapped data key. */
  current: Kek;
  /** Still unwrap data keys wrapped before a rotation; drop one once the re-wrap sweep is done. */
  previous?: readonly Kek[];
}

/** The KEKs a process holds: one current for wrapping, any number more for unwrapping. */
export interface TKeyRing {
  readonly currentKekId: string;
  /** Every id the ring can unwrap, the current one first. */
  readonly kekIds: readonly string[];
  /** The KEK a wrapped record names; throws `UnknownKeyError` when the ring lacks it. */
  kekFor(kekId: string): Kek;
}

/** Ids that occur more than once, each named once. */
export function findDuplicateKekIds(keks: readonly Kek[]): string[] {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const { id } of keks) (seen.has(id) ? duplicates : seen).add(id);
  return [...duplicates];
}

export function createKeyRing({ current, previous = [] }: CreateKeyRingOptions): TKeyRing {
  const all = [current, ...previous];
  const duplicates = findDuplicateKekIds(all);
  // A Map would silently keep the last of two keys with one id, and half the data keys would stop opening.
  if (duplicates.length) throw new Error(`KEK ids must be unique in a key ring; repeated: ${duplicates.join(", ")}`);
  const byId = new Map(all.map((kek) => [kek.id, kek]));
  return Object.freeze({
    currentKekId: current.id,
    kekIds: Object.freeze(all.map((kek) => kek.id)),
    kekFor(kekId: string): Kek {
      const kek = byId.get(kekId);
      if (!kek) throw new UnknownKeyError(kekId);
      return kek;
    },
  });
}
