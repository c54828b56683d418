import { decryptSecret, encryptSecret, type TSecretFields } from "./connection-secret";
import { createDataKey, rewrapDataKey, type TDataKeyOwner, type TWrappedDataKey, unwrapDataKey } from "./data-key";
import { type TKeyRing } from "./key-ring";

/** A secret of the partner itself (not of one of its clients), such as its AI model's key. */
export interface TPartnerSecretOwner {
  partnerId: string;
  /** What the secret is for, e.g. "ai-model"; bound in, so it opens only for that. */
  purpose: string;
}

/** What the database stores: the secret's own data key, wrapped, and the ciphertext under it. */
export interface TSealedPartnerSecret extends TWrappedDataKey {
  ciphertext: Buffer;
}

/*
 * The same envelope as a connection's secrets, with a data key per partner
 * secret. Its owner is named "partner:<purpose>" where a client id would go: no
 * client id (a UUID) looks like that, so neither envelope opens as the other.
 */
const keyOwner = ({ partnerId, purpose }: TPartnerSecretOwner): TDataKeyOwner => ({ partnerId, clientId: `partner:${purpose}` });
const binding = (owner: TPartnerSecretOwner) => ({ ...keyOwner(owner), connectionId: owner.purpose });

export function sealPartnerSecret(ring: TKeyRing, owner: TPartnerSecretOwner, plaintext: TSecretFields): TSealedPartnerSecret {
  const { dataKey, wrapped } = createDataKey(ring, keyOwner(owner));
  return { ...wrapped, ciphertext: encryptSecret({ dataKey, binding: binding(owner), plaintext }) };
}

/** @throws SecretDecryptionError for any altered byte or another partner's or purpose's record; UnknownKeyError without its KEK */
export function openPartnerSecret(ring: TKeyRing, owner: TPartnerSecretOwner, sealed: TSealedPartnerSecret): TSecretFields {
  const dataKey = unwrapDataKey(ring, sealed, keyOwner(owner));
  return decryptSecret({ dataKey, binding: binding(owner), ciphertext: sealed.ciphertext });
}

/** The same secret with its data key wrapped under the current KEK; the ciphertext is not touched. */
export function rewrapPartnerSecret(ring: TKeyRing, owner: TPartnerSecretOwner, sealed: TWrappedDataKey): TWrappedDataKey {
  return rewrapDataKey(ring, sealed, keyOwner(owner));
}
