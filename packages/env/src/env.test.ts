import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineEnv, EnvError } from "./index";

describe("defineEnv", () => {
  const readEnv = defineEnv({ DATABASE_URL: z.url(), PORT: z.coerce.number().int().default(3000) });

  it("parses and applies defaults", () => {
    expect(readEnv({ DATABASE_URL: "postgresql://u@h/db" })).toEqual({ DATABASE_URL: "postgresql://u@h/db", PORT: 3000 });
  });

  it("names every variable that is wrong", () => {
    try {
      readEnv({ DATABASE_URL: "not a url", PORT: "x" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(EnvError);
      const message = (error as EnvError).message;
      expect(message).toMatch(/DATABASE_URL: /);
      expect(message).toMatch(/PORT: /);
    }
  });

  it("treats an empty string as missing", () => {
    expect(() => readEnv({ DATABASE_URL: "" })).toThrow(/DATABASE_URL/);
  });
});

describe("readEnvs", () => {
  it("lists the problems of every reader together", async () => {
    const { readEnvs } = await import("./index");
    const a = defineEnv({ A_URL: z.url() });
    const b = defineEnv({ B_PORT: z.coerce.number().int().max(65535) });
    const source = { A_URL: "nope", B_PORT: "70000" };
    expect(() => readEnvs(() => a(source), () => b(source))).toThrow(/A_URL: [\s\S]*B_PORT: /);
    expect(readEnvs(() => a({ A_URL: "https://x.test" }), () => b({ B_PORT: "80" }))).toEqual({ A_URL: "https://x.test", B_PORT: 80 });
  });
});
