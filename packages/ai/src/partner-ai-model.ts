import { recordAudit } from "@storeflow/audit";
import { type TDb, type TTenantScope, withTenant } from "@storeflow/db";
import { ValidationError } from "@storeflow/errors";
import { type TQueryable } from "@storeflow/runs";
import { maskSecret, openPartnerSecret, rewrapPartnerSecret, sealPartnerSecret, type TKeyRing } from "@storeflow/secrets";
import { z } from "zod";
import { type TModelSettings } from "./chat-completions-classifier";

const PURPOSE = "ai-model";

export const ZSetPartnerAiModelInput = z.object({
  baseUrl: z.url({ protocol: /^https?$/, message: "Enter the API's base URL, e.g. https://api.openai.com/v1" }).max(500),
  model: z.string().trim().min(1, "Name the model, e.g. gpt-4.1-mini").max(200),
  /** Required the first time; left out, the stored key stays. */
  apiKey: z.string().min(8, "An API key has at least 8 characters").max(1000).optional(),
});

/** What the API shows of a partner's model: never the key, only its hint. */
export interface TPartnerAiModelDto {
  baseUrl: string;
  model: string;
  apiKeyHint: string;
  updatedAt: Date;
}

/** Who changes the settings: a partner user, in the partner's scope. */
export interface TAiModelActor {
  db: TDb;
  scope: TTenantScope & { userId: string };
}

const select = { baseUrl: true, model: true, apiKeyHint: true, updatedAt: true } as const;

export async function getPartnerAiModel(actor: TAiModelActor): Promise<TPartnerAiModelDto | null> {
  return withTenant(actor.db, actor.scope, (tx) => tx.partnerAiModel.findUnique({ where: { partnerId: actor.scope.partnerId }, select }));
}

/**
 * Points the partner's ai.classify steps at a model. The key is sealed before it
 * is stored and never returned; the audit event records the endpoint and model.
 * @throws ValidationError naming apiKey when there is none yet
 */
export async function setPartnerAiModel(actor: TAiModelActor, ring: TKeyRing, input: z.input<typeof ZSetPartnerAiModelInput>): Promise<TPartnerAiModelDto> {
  const { baseUrl, model, apiKey } = ZSetPartnerAiModelInput.parse(input);
  const { partnerId } = actor.scope;
  return withTenant(actor.db, actor.scope, async (tx) => {
    const sealed = apiKey === undefined ? undefined : sealPartnerSecret(ring, { partnerId, purpose: PURPOSE }, { apiKey });
    const keyFields = sealed && { kekId: sealed.kekId, wrappedKey: new Uint8Array(sealed.wrappedKey), apiKeyCiphertext: new Uint8Array(sealed.ciphertext), apiKeyHint: maskSecret(apiKey!) };
    const existing = await tx.partnerAiModel.findUnique({ where: { partnerId }, select: { partnerId: true } });
    if (!existing && !keyFields) throw new ValidationError([{ path: ["apiKey"], message: "Enter the API key" }]);
    const row = existing
      ? await tx.partnerAiModel.update({ where: { partnerId }, data: { baseUrl, model, ...keyFields, updatedAt: new Date() }, select })
      : await tx.partnerAiModel.create({ data: { partnerId, baseUrl, model, ...keyFields! }, select });
    await recordAudit({ tx, scope: actor.scope, action: "ai_model.updated", target: { type: "partner", id: partnerId }, data: { baseUrl, model, keyReplaced: Boolean(keyFields) } });
    return row;
  });
}

/** Back to the rules classifier for every ai.classify step of the partner. */
export async function removePartnerAiModel(actor: TAiModelActor): Promise<{ removed: boolean }> {
  return withTenant(actor.db, actor.scope, async (tx) => {
    const { count } = await tx.partnerAiModel.deleteMany({ where: { partnerId: actor.scope.partnerId } });
    // Audited even when there was none: someone asked for the steps to fall back to their rules.
    await recordAudit({ tx, scope: actor.scope, action: "ai_model.removed", target: { type: "partner", id: actor.scope.partnerId }, data: { hadModel: count > 0 } });
    return { removed: count > 0 };
  });
}

interface TModelRow {
  base_url: string;
  model: string;
  kek_id: string;
  wrapped_key: Buffer;
  api_key_ciphertext: Buffer;
}

/**
 * The worker's view: a partner's model settings with the key opened, in the
 * system scope. Read for every classify step (one primary-key read, next to a
 * model call): a model an owner changes or removes is what the very next step
 * uses, as the settings page says. Steps asking at once share one read.
 */
export function createPartnerModelResolver({ db, ring }: { db: TQueryable; ring: TKeyRing }) {
  const reading = new Map<string, Promise<TModelSettings | undefined>>();
  const read = async (partnerId: string): Promise<TModelSettings | undefined> => {
    const { rows } = await db.query<TModelRow>({
      name: "ai.load-partner-model",
      text: "select base_url, model, kek_id, wrapped_key, api_key_ciphertext from partner_ai_models where partner_id = $1",
      values: [partnerId],
    });
    const [row] = rows;
    return (
      row && {
        baseUrl: row.base_url,
        model: row.model,
        apiKey: openPartnerSecret(ring, { partnerId, purpose: PURPOSE }, { kekId: row.kek_id, wrappedKey: row.wrapped_key, ciphertext: row.api_key_ciphertext }).apiKey!,
      }
    );
  };
  return function resolveModel(partnerId: string): Promise<TModelSettings | undefined> {
    const inFlight = reading.get(partnerId);
    if (inFlight) return inFlight;
    const settings = read(partnerId).finally(() => reading.delete(partnerId));
    reading.set(partnerId, settings);
    return settings;
  };
}

/** Re-wraps every partner model key's data key under the ring's current KEK (see `pnpm secrets:rotate`). */
export async function rotatePartnerModelKeys({ db, ring }: { db: TQueryable; ring: TKeyRing }): Promise<{ rewrapped: number }> {
  const { rows } = await db.query<{ partner_id: string; kek_id: string; wrapped_key: Buffer }>({
    name: "ai.partner-models-to-rewrap",
    text: "select partner_id, kek_id, wrapped_key from partner_ai_models where kek_id <> $1",
    values: [ring.currentKekId],
  });
  for (const row of rows) {
    const rewrapped = rewrapPartnerSecret(ring, { partnerId: row.partner_id, purpose: PURPOSE }, { kekId: row.kek_id, wrappedKey: row.wrapped_key });
    await db.query({
      name: "ai.rewrap-partner-model",
      text: "update partner_ai_models set kek_id = $2, wrapped_key = $3 where partner_id = $1 and kek_id = $4",
      values: [row.partner_id, rewrapped.kekId, rewrapped.wrappedKey, row.kek_id],
    });
  }
  return { rewrapped: rows.length };
}
