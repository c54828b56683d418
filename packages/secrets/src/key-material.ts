import { inspect } from "node:util";

/** AES-256 keys, KEKs and DEKs alike. */
export const KEY_LENGTH = 32;

// Key bytes live here rather than on the holders, so no property of a holder (enumerable,
// private or hidden) can carry them into a log line, a JSON body or an inspect dump.
// One map per process, not per module instance: a bundler may load this module twice
// (Next.js does, once per server layer), and a key made by one copy must open in the other.
const REGISTRY = Symbol.for("storeflow.secrets.key-bytes");
const registryHost = globalThis as { [REGISTRY]?: WeakMap<object, Buffer> };
const bytesByHolder = (registryHost[REGISTRY] ??= new WeakMap<object, Buffer>());

function holdBytes(holder: DataKey | Kek, bytes: Buffer): void {
  if (bytes.length !== KEY_LENGTH) throw new RangeError(`a key must be ${KEY_LENGTH} bytes, got ${bytes.length}`);
  bytesByHolder.set(holder, bytes);
}

/** Package-internal: the raw bytes behind a holder. Not exported from the package. */
export function readKeyBytes(holder: DataKey | Kek): Buffer {
  const bytes = bytesByHolder.get(holder);
  if (!bytes) throw new TypeError("not a key created by @storeflow/secrets");
  return bytes;
}

/**
 * A client's data key (DEK). Opaque on purpose: it prints, stringifies and serialises
 * as `[DataKey]`, and only this package's functions can use the bytes inside.
 */
export class DataKey {
  /** Package-internal; callers get data keys from `createDataKey` / `unwrapDataKey`. */
  constructor(bytes: Buffer) {
    holdBytes(this, bytes);
  }

  toString(): string {
    return "[DataKey]";
  }

  toJSON(): string {
    return "[DataKey]";
  }

  [inspect.custom](): string {
    return "[DataKey]";
  }
}

/** A key-encryption key with its id; prints as `[Kek <id>]`, never with its bytes. */
export class Kek {
  /** Package-internal; callers get KEKs from `parseKek` or `readSecretsEnv`. */
  constructor(
    readonly id: string,
    bytes: Buffer,
  ) {
    holdBytes(this, bytes);
  }

  toString(): string {
    return `[Kek ${this.id}]`;
  }

  toJSON(): string {
    return `[Kek ${this.id}]`;
  }

  [inspect.custom](): string {
    return `[Kek ${this.id}]`;
  }
}
