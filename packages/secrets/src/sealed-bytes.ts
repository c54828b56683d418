import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

// Layout: version (1) | IV (12) | GCM tag (16) | ciphertext. Random 96-bit IVs keep a key
// safe for ~2^32 seals, far beyond the few secrets and data keys each key ever seals.
const VERSION = 1;
const IV_LENGTH = 12;
const TAG_LENGTH = 16;
const HEADER_LENGTH = 1 + IV_LENGTH + TAG_LENGTH;

/** Options of `sealBytes`. */
export interface SealBytesOptions {
  key: Buffer;
  plaintext: Buffer;
  /** Authenticated, not stored: opening needs the same fields in the same order. */
  context: readonly string[];
}

/** Options of `openSealedBytes`. */
export interface OpenSealedBytesOptions {
  key: Buffer;
  sealed: Buffer;
  context: readonly string[];
}

export type TOpenResult = { ok: true; plaintext: Buffer } | { ok: false; reason: string };

function associatedData(version: number, context: readonly string[]): Buffer {
  // The version byte is authenticated too, and each field is length-prefixed so that
  // ("ab", "c") and ("a", "bc") bind differently.
  const parts = [Buffer.of(version)];
  for (const field of context) {
    const bytes = Buffer.from(field, "utf8");
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    parts.push(length, bytes);
  }
  return Buffer.concat(parts);
}

/** AES-256-GCM under a fresh random IV, in the versioned layout above. */
export function sealBytes({ key, plaintext, context }: SealBytesOptions): Buffer {
  const iv = randomBytes(IV_LENGTH);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_LENGTH });
  cipher.setAAD(associatedData(VERSION, context));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.of(VERSION), iv, cipher.getAuthTag(), ciphertext]);
}

/** The plaintext only once the tag has verified; otherwise a reason that carries no key or plaintext bytes. */
export function openSealedBytes({ key, sealed, context }: OpenSealedBytesOptions): TOpenResult {
  if (sealed.length < HEADER_LENGTH) {
    return { ok: false, reason: `it is ${sealed.length} bytes, shorter than the ${HEADER_LENGTH}-byte header` };
  }
  const version = sealed.readUInt8(0);
  if (version !== VERSION) return { ok: false, reason: `format version ${version} is not supported` };
  const iv = sealed.subarray(1, 1 + IV_LENGTH);
  const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_LENGTH });
  decipher.setAAD(associatedData(version, context));
  decipher.setAuthTag(sealed.subarray(1 + IV_LENGTH, HEADER_LENGTH));
  try {
    const plaintext = Buffer.concat([decipher.update(sealed.subarray(HEADER_LENGTH)), decipher.final()]);
    return { ok: true, plaintext };
  } catch {
    return { ok: false, reason: "authentication failed (wrong key, wrong binding or altered bytes)" };
  }
}
