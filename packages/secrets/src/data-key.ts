import { randomBytes } from "node:crypto";
import { SecretDecryptionError } from "./errors";
import { DataKey, KEY_LENGTH, readKeyBytes } from "./key-material";
import { type TKeyRing } from "./key-ring";
import { openSealedBytes, sealBytes } from "./sealed-bytes";

/** The client a data key belongs to; bound into its wrapping. */
export interface TDataKeyOwner {
  partnerId: string;
  clientId: string;
}

/** What the database stores for a client's data key. */
export interface TWrappedDataKey {
  /** Which KEK wrapped it; a ring must hold this id to unwrap it. */
  kekId: string;
  wrappedKey: Buffer;
}

const PURPOSE = "storeflow.secrets.data-key";

// The KEK id is bound too, so the stored kekId cannot be edited to point at another key unnoticed.
function wrapContext(owner: TDataKeyOwner, kekId: string): string[] {
  return [PURPOSE, kekId, owner.partnerId, owner.clientId];
}

function wrap(ring: TKeyRing, dataKey: DataKey, owner: TDataKeyOwner): TWrappedDataKey {
  const kekId = ring.currentKekId;
  const wrappedKey = sealBytes({
    key: readKeyBytes(ring.kekFor(kekId)),
    plaintext: readKeyBytes(dataKey),
    context: wrapContext(owner, kekId),
  });
  return { kekId, wrappedKey };
}

/** A fresh random data key for a client, and its wrapping under the ring's current KEK. */
export function createDataKey(ring: TKeyRing, owner: TDataKeyOwner): { dataKey: DataKey; wrapped: TWrappedDataKey } {
  const dataKey = new DataKey(randomBytes(KEY_LENGTH));
  return { dataKey, wrapped: wrap(ring, dataKey, owner) };
}

/**
 * Unwraps under whichever KEK the record names. Throws `UnknownKeyError` when the ring
 * lacks that KEK, `SecretDecryptionError` when the record was altered or belongs to another client.
 */
export function unwrapDataKey(ring: TKeyRing, wrapped: TWrappedDataKey, owner: TDataKeyOwner): DataKey {
  const opened = openSealedBytes({
    key: readKeyBytes(ring.kekFor(wrapped.kekId)),
    sealed: wrapped.wrappedKey,
    context: wrapContext(owner, wrapped.kekId),
  });
  if (!opened.ok || opened.plaintext.length !== KEY_LENGTH) {
    const reason = opened.ok ? "it does not hold a 32-byte key" : opened.reason;
    throw new SecretDecryptionError(`The data key of client ${owner.clientId} (partner ${owner.partnerId}) under KEK ${wrapped.kekId} did not unwrap: ${reason}`);
  }
  return new DataKey(opened.plaintext);
}

/**
 * The same data key wrapped under the current KEK, so ciphertexts made with it stay valid.
 * A record already under the current KEK is still verified, then returned as it is: a
 * rotation sweep that crashed can run again, and can skip the write when `kekId` is unchanged.
 */
export function rewrapDataKey(ring: TKeyRing, wrapped: TWrappedDataKey, owner: TDataKeyOwner): TWrappedDataKey {
  const dataKey = unwrapDataKey(ring, wrapped, owner);
  return wrapped.kekId === ring.currentKekId ? wrapped : wrap(ring, dataKey, owner);
}
