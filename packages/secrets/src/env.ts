import { defineEnv, EnvError } from "@storeflow/env";
import { z } from "zod";
import { type Kek } from "./key-material";
import { createKeyRing, findDuplicateKekIds, type TKeyRing } from "./key-ring";
import { KekFormatError, parseKek } from "./parse-kek";

function toKek(spec: string, ctx: z.RefinementCtx, entry?: number): Kek | undefined {
  try {
    return parseKek(spec);
  } catch (error) {
    if (!(error instanceof KekFormatError)) throw error;
    // Only our own message: a zod default would quote the input, which is the key.
    ctx.addIssue({ code: "custom", message: entry === undefined ? error.message : `entry ${entry}: ${error.message}` });
    return undefined;
  }
}

const ZKek = z
  .string()
  .trim()
  .transform((spec, ctx) => toKek(spec, ctx) ?? z.NEVER);

const ZKekList = z
  .string()
  .transform((list, ctx) => {
    const specs = list.split(",").map((spec) => spec.trim()).filter(Boolean);
    const keks = specs.map((spec, index) => toKek(spec, ctx, index + 1));
    const parsed = keks.filter((kek) => kek !== undefined);
    if (parsed.length < keks.length) return z.NEVER;
    const duplicates = findDuplicateKekIds(parsed);
    if (duplicates.length) ctx.addIssue({ code: "custom", message: `key ids must be unique; repeated: ${duplicates.join(", ")}` });
    return parsed;
  })
  .optional()
  .transform((keks) => keks ?? []);

const readVariables = defineEnv({
  /** `<base64 of 32 bytes>` or `<id>:<base64>`; wraps every new data key. */
  SECRETS_KEK: ZKek,
  /** Comma-separated KEKs of the same form that may still unwrap, kept until the re-wrap sweep is done. */
  SECRETS_KEK_PREVIOUS: ZKekList,
});

export type TSecretsEnv = ReturnType<typeof readVariables>;

/** Validates the KEK variables; the result prints key ids only, never key bytes. */
export function readSecretsEnv(source?: Record<string, string | undefined>): TSecretsEnv {
  const env = readVariables(source);
  // Repeats within SECRETS_KEK_PREVIOUS are its own issue above; here only the current key can clash.
  const clash = env.SECRETS_KEK_PREVIOUS.find((kek) => kek.id === env.SECRETS_KEK.id);
  if (clash) {
    throw new EnvError([`SECRETS_KEK_PREVIOUS: key id ${clash.id} is already the id of SECRETS_KEK; list the current key only in SECRETS_KEK`]);
  }
  return env;
}

export function keyRingFromEnv(env: TSecretsEnv = readSecretsEnv()): TKeyRing {
  return createKeyRing({ current: env.SECRETS_KEK, previous: env.SECRETS_KEK_PREVIOUS });
}
