import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, type TSecretFields } from "./connection-secret";
import { createDataKey } from "./data-key";
import { SecretDecryptionError } from "./errors";
import { readKeyBytes } from "./key-material";
import { createKeyRing } from "./key-ring";
import { createTestKek } from "./test-keys";

const ring = createKeyRing({ current: createTestKek("a") });
const owner = { partnerId: "partner-1", clientId: "client-1" };
const binding = { ...owner, connectionId: "conn-1" };
const plaintext: TSecretFields = { clientId: "shop-app-1", clientSecret: "shpss_0123456789abcdef", note: "ünïcødé ✓" };

function decryptionError(run: () => unknown): SecretDecryptionError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SecretDecryptionError);
    return error as SecretDecryptionError;
  }
  return expect.unreachable("it decrypted");
}

describe("encryptSecret / decryptSecret", () => {
  it("round-trips the fields", () => {
    const { dataKey } = createDataKey(ring, owner);
    const ciphertext = encryptSecret({ dataKey, binding, plaintext });
    expect(decryptSecret({ dataKey, binding, ciphertext })).toEqual(plaintext);
    expect(decryptSecret({ dataKey, binding, ciphertext: encryptSecret({ dataKey, binding, plaintext: {} }) })).toEqual({});
  });

  it("writes version 1 | 12-byte IV | 16-byte tag | ciphertext, with a fresh IV each time", () => {
    const { dataKey } = createDataKey(ring, owner);
    const first = encryptSecret({ dataKey, binding, plaintext });
    const second = encryptSecret({ dataKey, binding, plaintext });
    expect(first.readUInt8(0)).toBe(1);
    expect(first.length).toBe(1 + 12 + 16 + Buffer.byteLength(JSON.stringify(plaintext)));
    expect(first.subarray(1, 13).equals(second.subarray(1, 13))).toBe(false);
    expect(first.includes(Buffer.from("shpss_0123456789abcdef"))).toBe(false);
  });

  it.each([
    ["version", 0],
    ["IV", 1],
    ["IV", 12],
    ["tag", 13],
    ["tag", 28],
    ["ciphertext", 29],
    ["ciphertext", -1],
  ])("fails when the %s byte at %i is altered", (_region, offset) => {
    const { dataKey } = createDataKey(ring, owner);
    const ciphertext = encryptSecret({ dataKey, binding, plaintext });
    const at = offset < 0 ? ciphertext.length + offset : offset;
    const altered = Buffer.from(ciphertext);
    altered.writeUInt8(altered.readUInt8(at) ^ 0x80, at);
    decryptionError(() => decryptSecret({ dataKey, binding, ciphertext: altered }));
  });

  it("names an unsupported version, and a truncated ciphertext", () => {
    const { dataKey } = createDataKey(ring, owner);
    const ciphertext = encryptSecret({ dataKey, binding, plaintext });
    const v2 = Buffer.from(ciphertext);
    v2.writeUInt8(2, 0);
    expect(decryptionError(() => decryptSecret({ dataKey, binding, ciphertext: v2 })).message).toMatch(/version 2 is not supported/);
    expect(decryptionError(() => decryptSecret({ dataKey, binding, ciphertext: ciphertext.subarray(0, 20) })).message).toMatch(/shorter/);
    decryptionError(() => decryptSecret({ dataKey, binding, ciphertext: ciphertext.subarray(0, ciphertext.length - 1) }));
  });

  it("fails under another client's data key", () => {
    const { dataKey } = createDataKey(ring, owner);
    const other = createDataKey(ring, { ...owner, clientId: "client-2" }).dataKey;
    const ciphertext = encryptSecret({ dataKey, binding, plaintext });
    decryptionError(() => decryptSecret({ dataKey: other, binding, ciphertext }));
  });

  it.each([
    ["partner", { partnerId: "partner-2" }],
    ["client", { clientId: "client-2" }],
    ["connection", { connectionId: "conn-2" }],
  ])("fails when the ciphertext is read as another %s's", (_what, change) => {
    const { dataKey } = createDataKey(ring, owner);
    const ciphertext = encryptSecret({ dataKey, binding, plaintext });
    decryptionError(() => decryptSecret({ dataKey, binding: { ...binding, ...change }, ciphertext }));
  });

  it("does not confuse bindings whose ids only split differently", () => {
    const { dataKey } = createDataKey(ring, owner);
    const ciphertext = encryptSecret({ dataKey, binding: { partnerId: "p", clientId: "ab", connectionId: "c" }, plaintext });
    decryptionError(() => decryptSecret({ dataKey, binding: { partnerId: "p", clientId: "a", connectionId: "bc" }, ciphertext }));
  });

  it("keeps secret values and key bytes out of the error", () => {
    const { dataKey } = createDataKey(ring, owner);
    const ciphertext = encryptSecret({ dataKey, binding, plaintext });
    const error = decryptionError(() => decryptSecret({ dataKey, binding: { ...binding, connectionId: "conn-2" }, ciphertext }));
    const printed = `${error.message}\n${error.stack ?? ""}\n${String(error)}`;
    expect(error.message).toMatch(/conn-2.*authentication failed/);
    for (const value of Object.values(plaintext)) expect(printed).not.toContain(value);
    expect(printed).not.toContain(readKeyBytes(dataKey).toString("hex"));
    expect(printed).not.toContain(ciphertext.toString("base64"));
  });

  it("refuses fields that are not strings before encrypting", () => {
    const { dataKey } = createDataKey(ring, owner);
    const bad = { apiKey: 12345678 } as unknown as TSecretFields;
    expect(() => encryptSecret({ dataKey, binding, plaintext: bad })).toThrow(/apiKey/);
    expect(() => encryptSecret({ dataKey, binding, plaintext: bad })).not.toThrow(/12345678/);
  });
});
