import { describe, expect, it } from "vitest";
import { UnknownKeyError } from "./errors";
import { createKeyRing } from "./key-ring";
import { createTestKek as kek } from "./test-keys";

describe("createKeyRing", () => {
  it("finds the current and every previous KEK by id", () => {
    const [a, b, c] = [kek("a"), kek("b"), kek("c")];
    const ring = createKeyRing({ current: b, previous: [a, c] });
    expect(ring.currentKekId).toBe("b");
    expect(ring.kekFor("a")).toBe(a);
    expect(ring.kekFor("b")).toBe(b);
    expect(ring.kekFor("c")).toBe(c);
  });

  it("throws UnknownKeyError naming the id and SECRETS_KEK_PREVIOUS", () => {
    const ring = createKeyRing({ current: kek("b") });
    const error = (() => {
      try {
        ring.kekFor("a");
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(UnknownKeyError);
    expect((error as UnknownKeyError).kekId).toBe("a");
    expect((error as UnknownKeyError).message).toMatch(/"a".*SECRETS_KEK_PREVIOUS/);
  });

  it("refuses two KEKs with one id", () => {
    expect(() => createKeyRing({ current: kek("a"), previous: [kek("b"), kek("a")] })).toThrow(/unique.*repeated: a/);
  });
});
