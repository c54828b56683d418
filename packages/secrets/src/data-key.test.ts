import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret } from "./connection-secret";
import { createDataKey, rewrapDataKey, unwrapDataKey } from "./data-key";
import { SecretDecryptionError, UnknownKeyError } from "./errors";
import { readKeyBytes } from "./key-material";
import { createKeyRing } from "./key-ring";
import { createTestKek } from "./test-keys";

const owner = { partnerId: "partner-1", clientId: "client-1" };
const binding = { ...owner, connectionId: "conn-1" };

describe("createDataKey / unwrapDataKey", () => {
  it("unwraps to the same 32 random bytes for the same client", () => {
    const ring = createKeyRing({ current: createTestKek("a") });
    const { dataKey, wrapped } = createDataKey(ring, owner);
    expect(wrapped.kekId).toBe("a");
    expect(readKeyBytes(dataKey)).toHaveLength(32);
    expect(readKeyBytes(unwrapDataKey(ring, wrapped, owner)).equals(readKeyBytes(dataKey))).toBe(true);
    expect(readKeyBytes(createDataKey(ring, owner).dataKey).equals(readKeyBytes(dataKey))).toBe(false);
  });

  it("fails for another client or partner, or when any byte of the wrapping is altered", () => {
    const ring = createKeyRing({ current: createTestKek("a") });
    const { wrapped } = createDataKey(ring, owner);
    expect(() => unwrapDataKey(ring, wrapped, { ...owner, clientId: "client-2" })).toThrow(SecretDecryptionError);
    expect(() => unwrapDataKey(ring, wrapped, { ...owner, partnerId: "partner-2" })).toThrow(SecretDecryptionError);
    for (let at = 0; at < wrapped.wrappedKey.length; at += 1) {
      const altered = Buffer.from(wrapped.wrappedKey);
      altered.writeUInt8(altered.readUInt8(at) ^ 0x01, at);
      expect(() => unwrapDataKey(ring, { ...wrapped, wrappedKey: altered }, owner)).toThrow(SecretDecryptionError);
    }
  });

  it("fails when the stored kekId is pointed at another KEK of the ring", () => {
    const ring = createKeyRing({ current: createTestKek("b"), previous: [createTestKek("a")] });
    const { wrapped } = createDataKey(ring, owner);
    expect(() => unwrapDataKey(ring, { ...wrapped, kekId: "a" }, owner)).toThrow(SecretDecryptionError);
  });

  it("says whose key failed without printing key bytes", () => {
    const ring = createKeyRing({ current: createTestKek("a") });
    const { dataKey, wrapped } = createDataKey(ring, owner);
    const error = (() => {
      try {
        unwrapDataKey(ring, wrapped, { ...owner, clientId: "client-2" });
      } catch (caught) {
        return caught as Error;
      }
    })();
    expect(error?.message).toMatch(/client-2.*KEK a/);
    const bytes = readKeyBytes(dataKey);
    expect(error?.message).not.toContain(bytes.toString("hex"));
    expect(error?.message).not.toContain(bytes.toString("base64"));
  });

  it("throws UnknownKeyError when the ring lacks the KEK the record names", () => {
    const { wrapped } = createDataKey(createKeyRing({ current: createTestKek("a") }), owner);
    const otherRing = createKeyRing({ current: createTestKek("b") });
    expect(() => unwrapDataKey(otherRing, wrapped, owner)).toThrow(UnknownKeyError);
    expect(() => rewrapDataKey(otherRing, wrapped, owner)).toThrow(/"a".*SECRETS_KEK_PREVIOUS/);
  });

  it("prints a data key as [DataKey] however it is shown", () => {
    const created = createDataKey(createKeyRing({ current: createTestKek("a") }), owner);
    const bytes = readKeyBytes(created.dataKey);
    for (const printed of [inspect(created, { showHidden: true, depth: 10 }), JSON.stringify(created), `${created.dataKey}`]) {
      expect(printed).toContain("[DataKey]");
      expect(printed).not.toContain(bytes.toString("hex"));
      expect(printed).not.toContain(bytes.toString("base64"));
      expect(printed).not.toContain(`${bytes.readUInt8(0)}, ${bytes.readUInt8(1)}, ${bytes.readUInt8(2)}`);
    }
  });
});

describe("rewrapDataKey (KEK rotation)", () => {
  it("moves a data key from KEK A to KEK B, and data encrypted before still decrypts", () => {
    const [a, b] = [createTestKek("a"), createTestKek("b")];
    const before = createKeyRing({ current: a });
    const { dataKey, wrapped } = createDataKey(before, owner);
    const ciphertext = encryptSecret({ dataKey, binding, plaintext: { apiKey: "sk_live_rotation_survivor" } });

    const rotating = createKeyRing({ current: b, previous: [a] });
    const rewrapped = rewrapDataKey(rotating, wrapped, owner);
    expect(rewrapped.kekId).toBe("b");
    expect(rewrapped.wrappedKey.equals(wrapped.wrappedKey)).toBe(false);

    const after = createKeyRing({ current: b });
    const unwrapped = unwrapDataKey(after, rewrapped, owner);
    expect(decryptSecret({ dataKey: unwrapped, binding, ciphertext })).toEqual({ apiKey: "sk_live_rotation_survivor" });
    expect(() => unwrapDataKey(after, wrapped, owner)).toThrow(UnknownKeyError);
  });

  it("returns a record already under the current KEK unchanged, so a sweep can run again", () => {
    const ring = createKeyRing({ current: createTestKek("b"), previous: [createTestKek("a")] });
    const { wrapped } = createDataKey(ring, owner);
    expect(rewrapDataKey(ring, wrapped, owner)).toBe(wrapped);
  });

  it("still verifies the owner of a record it leaves unchanged", () => {
    const ring = createKeyRing({ current: createTestKek("b") });
    const { wrapped } = createDataKey(ring, owner);
    expect(() => rewrapDataKey(ring, wrapped, { ...owner, clientId: "client-2" })).toThrow(SecretDecryptionError);
  });
});
