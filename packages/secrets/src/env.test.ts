import { randomBytes } from "node:crypto";
import { inspect } from "node:util";
import { EnvError } from "@storeflow/env";
import { describe, expect, it } from "vitest";
import { keyRingFromEnv, readSecretsEnv } from "./env";
import { readKeyBytes } from "./key-material";

const newKey = () => randomBytes(32).toString("base64");

function envProblems(source: Record<string, string | undefined>): string {
  try {
    readSecretsEnv(source);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return (error as EnvError).message;
  }
  return expect.unreachable("the environment was accepted");
}

describe("readSecretsEnv", () => {
  it("reads a named current key and a list of previous keys", () => {
    const current = randomBytes(32);
    const old = randomBytes(32);
    const env = readSecretsEnv({ SECRETS_KEK: `k2:${current.toString("base64")}`, SECRETS_KEK_PREVIOUS: ` k1:${old.toString("base64")} , ` });
    expect(env.SECRETS_KEK.id).toBe("k2");
    expect(readKeyBytes(env.SECRETS_KEK).equals(current)).toBe(true);
    expect(env.SECRETS_KEK_PREVIOUS.map((kek) => kek.id)).toEqual(["k1"]);
    expect(readKeyBytes(env.SECRETS_KEK_PREVIOUS[0]!).equals(old)).toBe(true);
  });

  it("treats a missing SECRETS_KEK_PREVIOUS as no previous keys", () => {
    expect(readSecretsEnv({ SECRETS_KEK: newKey() }).SECRETS_KEK_PREVIOUS).toEqual([]);
    expect(readSecretsEnv({ SECRETS_KEK: newKey(), SECRETS_KEK_PREVIOUS: "" }).SECRETS_KEK_PREVIOUS).toEqual([]);
  });

  it("derives a stable 16-hex id for an unnamed key, the same in either variable", () => {
    const key = newKey();
    const asCurrent = readSecretsEnv({ SECRETS_KEK: key }).SECRETS_KEK.id;
    expect(asCurrent).toMatch(/^[0-9a-f]{16}$/);
    expect(readSecretsEnv({ SECRETS_KEK: key }).SECRETS_KEK.id).toBe(asCurrent);
    expect(readSecretsEnv({ SECRETS_KEK: newKey(), SECRETS_KEK_PREVIOUS: key }).SECRETS_KEK_PREVIOUS[0]!.id).toBe(asCurrent);
    expect(readSecretsEnv({ SECRETS_KEK: newKey() }).SECRETS_KEK.id).not.toBe(asCurrent);
  });

  it("requires SECRETS_KEK", () => {
    expect(envProblems({})).toMatch(/SECRETS_KEK: /);
  });

  it("rejects text that is not base64, naming the variable", () => {
    expect(envProblems({ SECRETS_KEK: "k1:not*base64!" })).toMatch(/SECRETS_KEK: .*not valid padded base64/);
    // Unpadded base64 is refused rather than guessed at.
    expect(envProblems({ SECRETS_KEK: newKey().replace(/=+$/, "") })).toMatch(/SECRETS_KEK: .*base64/);
  });

  it("rejects a key of the wrong length, saying how long it is", () => {
    expect(envProblems({ SECRETS_KEK: randomBytes(16).toString("base64") })).toMatch(/SECRETS_KEK: .*16 bytes.*exactly 32/);
    expect(envProblems({ SECRETS_KEK: newKey(), SECRETS_KEK_PREVIOUS: `${newKey()},${randomBytes(31).toString("base64")}` })).toMatch(
      /SECRETS_KEK_PREVIOUS: entry 2: .*31 bytes/,
    );
  });

  it("rejects a malformed id without echoing it", () => {
    const key = newKey();
    const message = envProblems({ SECRETS_KEK: `${key}:k1` });
    expect(message).toMatch(/SECRETS_KEK: .*key id/);
    expect(message).not.toContain(key);
    expect(message).not.toContain(key.slice(0, 12));
  });

  it("rejects ids repeated in SECRETS_KEK_PREVIOUS", () => {
    expect(envProblems({ SECRETS_KEK: newKey(), SECRETS_KEK_PREVIOUS: `a:${newKey()},b:${newKey()},a:${newKey()}` })).toMatch(
      /SECRETS_KEK_PREVIOUS: key ids must be unique; repeated: a/,
    );
    const unnamed = newKey();
    expect(envProblems({ SECRETS_KEK: newKey(), SECRETS_KEK_PREVIOUS: `${unnamed},${unnamed}` })).toMatch(/SECRETS_KEK_PREVIOUS: .*unique/);
  });

  it("rejects a previous key with the current key's id", () => {
    expect(envProblems({ SECRETS_KEK: `a:${newKey()}`, SECRETS_KEK_PREVIOUS: `a:${newKey()}` })).toMatch(
      /SECRETS_KEK_PREVIOUS: key id a is already the id of SECRETS_KEK/,
    );
    const key = newKey();
    expect(envProblems({ SECRETS_KEK: key, SECRETS_KEK_PREVIOUS: key })).toMatch(/SECRETS_KEK_PREVIOUS: .*already the id of SECRETS_KEK/);
  });

  it("never prints key material in errors or in the parsed result", () => {
    const good = randomBytes(32);
    const short = randomBytes(20).toString("base64");
    const message = envProblems({ SECRETS_KEK: short, SECRETS_KEK_PREVIOUS: `old:${good.toString("base64")},x:${short}` });
    expect(message).toMatch(/SECRETS_KEK: /);
    expect(message).toMatch(/SECRETS_KEK_PREVIOUS: entry 2: /);
    expect(message).not.toContain(short);
    const env = readSecretsEnv({ SECRETS_KEK: `k:${good.toString("base64")}` });
    for (const printed of [inspect(env, { showHidden: true, depth: 10 }), JSON.stringify(env), String(env.SECRETS_KEK)]) {
      expect(printed).toContain("[Kek k]");
      expect(printed).not.toContain(good.toString("base64"));
      expect(printed).not.toContain(good.toString("hex"));
    }
  });
});

describe("keyRingFromEnv", () => {
  it("makes SECRETS_KEK current and keeps the previous keys for unwrapping", () => {
    const ring = keyRingFromEnv(readSecretsEnv({ SECRETS_KEK: `new:${newKey()}`, SECRETS_KEK_PREVIOUS: `old1:${newKey()},old2:${newKey()}` }));
    expect(ring.currentKekId).toBe("new");
    expect(ring.kekIds).toEqual(["new", "old1", "old2"]);
  });
});
