import { createHash } from "node:crypto";
import { KEY_LENGTH, Kek } from "./key-material";

const ID = /^[A-Za-z0-9._-]{1,64}$/;
// Canonical, padded base64 only, so one key has exactly one spelling and a typo is not read as a different key.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const ID_LABEL = "storeflow.secrets.kek-id.v1\0";

/** Thrown by `parseKek`; the message says what is wrong and never repeats the key. */
export class KekFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "KekFormatError";
  }
}

/**
 * The id a KEK gets when none is written: stable for the same key, so an unnamed key
 * keeps its id across restarts and moves from SECRETS_KEK to SECRETS_KEK_PREVIOUS unchanged.
 */
export function deriveKekId(key: Buffer): string {
  return createHash("sha256").update(ID_LABEL).update(key).digest("hex").slice(0, 16);
}

/** Reads `<base64 key>` or `<id>:<base64 key>` (base64 never contains `:`). */
export function parseKek(spec: string): Kek {
  const colon = spec.indexOf(":");
  const id = colon === -1 ? undefined : spec.slice(0, colon);
  const encoded = colon === -1 ? spec : spec.slice(colon + 1);
  // The id is not echoed: a key pasted the wrong way round would land in it.
  if (id !== undefined && !ID.test(id)) {
    throw new KekFormatError("the key id before ':' must be 1 to 64 letters, digits, '.', '_' or '-'");
  }
  if (!encoded || !BASE64.test(encoded)) {
    throw new KekFormatError("the key is not valid padded base64; generate one with `openssl rand -base64 32`");
  }
  const key = Buffer.from(encoded, "base64");
  if (key.length !== KEY_LENGTH) {
    throw new KekFormatError(`the key decodes to ${key.length} bytes but must be exactly ${KEY_LENGTH}; generate one with \`openssl rand -base64 32\``);
  }
  return new Kek(id ?? deriveKekId(key), key);
}
