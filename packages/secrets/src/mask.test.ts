import { describe, expect, it } from "vitest";
import { describeSecretFields, maskSecret } from "./mask";

describe("maskSecret", () => {
  it("shows the last 4 characters of a value of 12 or more", () => {
    expect(maskSecret("sk_live_abcd1234")).toBe("••••1234");
    expect(maskSecret("123456789012")).toBe("••••9012");
  });

  it("shows nothing of a shorter value", () => {
    expect(maskSecret("12345678901")).toBe("••••");
    expect(maskSecret("")).toBe("••••");
  });

  it("counts characters, not UTF-16 units", () => {
    expect(maskSecret("🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑x")).toBe("••••🔑🔑🔑x");
    expect(maskSecret("🔑🔑🔑🔑🔑🔑")).toBe("••••");
  });
});

describe("describeSecretFields", () => {
  it("gives each field its hint", () => {
    expect(describeSecretFields({ clientId: "app", clientSecret: "shpss_0123456789abcdef" })).toEqual({
      clientId: "••••",
      clientSecret: "••••cdef",
    });
  });
});
