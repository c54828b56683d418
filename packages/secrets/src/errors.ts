/**
 * A ciphertext or wrapped data key did not open: tampered bytes, the wrong key, the
 * wrong binding, or an unknown format version. The message names the owner and the
 * reason, never key or plaintext material.
 */
export class SecretDecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretDecryptionError";
  }
}

/** A wrapped data key names a KEK the key ring does not hold. */
export class UnknownKeyError extends Error {
  constructor(readonly kekId: string) {
    super(
      `Key-encryption key "${kekId}" is not in the key ring; add it to SECRETS_KEK_PREVIOUS ` +
        "until every data key has been re-wrapped under SECRETS_KEK",
    );
    this.name = "UnknownKeyError";
  }
}
