import { describe, expect, it } from "vitest";
import { redactSecretValues } from "./redact";

describe("redactSecretValues", () => {
  it("replaces secrets in nested objects and arrays and leaves the rest alone", () => {
    const input = {
      headers: { authorization: "Bearer tok_abcdef123", accept: "application/json" },
      items: [{ note: "key=tok_abcdef123;" }, "tok_abcdef123", 42, null, true],
      count: 3,
    };
    expect(redactSecretValues(input, ["tok_abcdef123"])).toEqual({
      headers: { authorization: "Bearer [redacted]", accept: "application/json" },
      items: [{ note: "key=[redacted];" }, "[redacted]", 42, null, true],
      count: 3,
    });
  });

  it("returns a copy and leaves the input untouched", () => {
    const input = { nested: { secret: "abcd-secret" } };
    const output = redactSecretValues(input, ["abcd-secret"]) as typeof input;
    expect(input.nested.secret).toBe("abcd-secret");
    expect(output.nested).not.toBe(input.nested);
  });

  it("replaces every occurrence of every secret, mid-string", () => {
    expect(redactSecretValues("a SECRET1 b SECRET1 c OTHER22 d", ["SECRET1", "OTHER22"])).toBe(
      "a [redacted] b [redacted] c [redacted] d",
    );
  });

  it("leaves nothing of secrets that overlap or contain each other", () => {
    expect(redactSecretValues("xx abcdefghij yy", ["abcdef", "defghij"])).toBe("xx [redacted] yy");
    expect(redactSecretValues("<longsecret>", ["secret", "longsecret"])).toBe("<[redacted]>");
  });

  it("ignores secrets shorter than 4 characters", () => {
    expect(redactSecretValues({ a: "abc 123 abcd" }, ["abc", "123", ""])).toEqual({ a: "abc 123 abcd" });
    expect(redactSecretValues({ a: "abc 123 abcd" }, ["abc", "abcd"])).toEqual({ a: "abc 123 [redacted]" });
  });

  it("catches a secret URL-encoded in a query string", () => {
    expect(redactSecretValues("https://x.test/?key=a%2Bb%2Fc%3D%3D", ["a+b/c=="])).toBe("https://x.test/?key=[redacted]");
  });

  it("redacts object keys and values that serialise through toJSON", () => {
    const when = new Date("2024-01-02T03:04:05.000Z");
    expect(redactSecretValues({ "tok_abcdef": 1, when }, ["tok_abcdef", "03:04:05"])).toEqual({
      "[redacted]": 1,
      when: "2024-01-02T[redacted].000Z",
    });
  });

  it("stops at a cycle instead of overflowing", () => {
    const looped: Record<string, unknown> = { token: "sekrit-value" };
    looped.self = looped;
    expect(redactSecretValues(looped, ["sekrit-value"])).toEqual({ token: "[redacted]", self: "[circular]" });
  });
});
