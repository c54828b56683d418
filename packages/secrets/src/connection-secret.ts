import { z } from "zod";
import { type TDataKeyOwner } from "./data-key";
import { SecretDecryptionError } from "./errors";
import { type DataKey, readKeyBytes } from "./key-material";
import { openSealedBytes, sealBytes } from "./sealed-bytes";

/** A connection's secret fields, e.g. `{ apiKey }` or `{ clientId, clientSecret }`. */
export const ZSecretFields = z.record(z.string(), z.string());
export type TSecretFields = z.infer<typeof ZSecretFields>;

/** The row a ciphertext belongs to; a ciphertext copied to any other row fails to decrypt. */
export interface TSecretBinding extends TDataKeyOwner {
  connectionId: string;
}

/** Options of `encryptSecret`. */
export interface EncryptSecretOptions {
  /** The data key of `binding`'s client. */
  dataKey: DataKey;
  binding: TSecretBinding;
  plaintext: TSecretFields;
}

/** Options of `decryptSecret`. */
export interface DecryptSecretOptions {
  dataKey: DataKey;
  /** Must equal the binding the secret was encrypted with. */
  binding: TSecretBinding;
  ciphertext: Buffer;
}

const PURPOSE = "storeflow.secrets.connection-secret";

function bindingContext({ partnerId, clientId, connectionId }: TSecretBinding): string[] {
  return [PURPOSE, partnerId, clientId, connectionId];
}

function describeFieldIssues(error: z.ZodError): string {
  // Paths and expectations only; zod's issue messages do not quote the values.
  return error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`).join("; ");
}

/** Encrypts a connection's secret fields with its client's data key (AES-256-GCM, bound to the connection). */
export function encryptSecret({ dataKey, binding, plaintext }: EncryptSecretOptions): Buffer {
  // Checked here, not only on the way out, so a bad value is refused before it is stored unreadable.
  const fields = ZSecretFields.safeParse(plaintext);
  if (!fields.success) throw new TypeError(`Secret fields must all be strings: ${describeFieldIssues(fields.error)}`);
  return sealBytes({
    key: readKeyBytes(dataKey),
    plaintext: Buffer.from(JSON.stringify(fields.data), "utf8"),
    context: bindingContext(binding),
  });
}

/** The secret fields back; `SecretDecryptionError` for any altered byte, wrong data key or wrong binding. */
export function decryptSecret({ dataKey, binding, ciphertext }: DecryptSecretOptions): TSecretFields {
  const fail = (reason: string) =>
    new SecretDecryptionError(`The secret of connection ${binding.connectionId} (client ${binding.clientId}) did not decrypt: ${reason}`);
  const opened = openSealedBytes({ key: readKeyBytes(dataKey), sealed: ciphertext, context: bindingContext(binding) });
  if (!opened.ok) throw fail(opened.reason);
  let decoded: unknown;
  try {
    decoded = JSON.parse(opened.plaintext.toString("utf8"));
  } catch {
    throw fail("the decrypted payload is not JSON");
  }
  const fields = ZSecretFields.safeParse(decoded);
  if (!fields.success) throw fail("the decrypted payload is not a record of strings");
  return fields.data;
}
