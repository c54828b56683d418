export { readSecretsEnv, keyRingFromEnv, type TSecretsEnv } from "./env";
export { parseKek, KekFormatError } from "./parse-kek";
export { type DataKey, type Kek } from "./key-material";
export { createKeyRing, type CreateKeyRingOptions, type TKeyRing } from "./key-ring";
export { createDataKey, unwrapDataKey, rewrapDataKey, type TDataKeyOwner, type TWrappedDataKey } from "./data-key";
export {
  encryptSecret,
  decryptSecret,
  ZSecretFields,
  type TSecretFields,
  type TSecretBinding,
  type EncryptSecretOptions,
  type DecryptSecretOptions,
} from "./connection-secret";
export { SecretDecryptionError, UnknownKeyError } from "./errors";
export { maskSecret, describeSecretFields } from "./mask";
export { redactSecretValues } from "./redact";
export { openPartnerSecret, rewrapPartnerSecret, sealPartnerSecret, type TPartnerSecretOwner, type TSealedPartnerSecret } from "./partner-secret";
