import { randomBytes, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { SecretDecryptionError } from "./errors";
import { createKeyRing } from "./key-ring";
import { parseKek } from "./parse-kek";
import { openPartnerSecret, rewrapPartnerSecret, sealPartnerSecret } from "./partner-secret";

const kekA = parseKek(randomBytes(32).toString("base64"));
const ring = createKeyRing({ current: kekA });
const owner = { partnerId: randomUUID(), purpose: "ai-model" };

describe("partner secrets", () => {
  it("open only for the partner and purpose they were sealed for", () => {
    const sealed = sealPartnerSecret(ring, owner, { apiKey: "sk-live-1234567890" });
    expect(sealed.ciphertext.includes(Buffer.from("sk-live-1234567890"))).toBe(false);
    expect(openPartnerSecret(ring, owner, sealed)).toEqual({ apiKey: "sk-live-1234567890" });
    expect(() => openPartnerSecret(ring, { ...owner, partnerId: randomUUID() }, sealed)).toThrow(SecretDecryptionError);
    expect(() => openPartnerSecret(ring, { ...owner, purpose: "webhook" }, sealed)).toThrow(SecretDecryptionError);
  });

  it("a KEK rotation re-wraps the data key and leaves the ciphertext readable as it is", () => {
    const sealed = sealPartnerSecret(ring, owner, { apiKey: "sk-live-abc" });
    const kekB = parseKek(randomBytes(32).toString("base64"));
    const rotated = createKeyRing({ current: kekB, previous: [kekA] });
    const rewrapped = rewrapPartnerSecret(rotated, owner, sealed);
    expect(rewrapped.kekId).toBe(kekB.id);
    expect(openPartnerSecret(createKeyRing({ current: kekB }), owner, { ...rewrapped, ciphertext: sealed.ciphertext })).toEqual({ apiKey: "sk-live-abc" });
  });
});
