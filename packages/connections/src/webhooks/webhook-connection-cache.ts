import { LRUCache } from "lru-cache";
import { type TOpenConnection } from "../open-connection";

/** Options for {@link createWebhookConnectionCache}. */
export interface CreateWebhookConnectionCacheOptions {
  /** How long an opened connection serves its webhooks before it is read again. @defaultValue 30000 */
  ttlMs?: number;
  /** Connections held at most (least recently used go first). @defaultValue 10000 */
  max?: number;
}

/**
 * Opened connections by webhook token, for an ingress process under load: one
 * lookup and decryption per connection per `ttlMs` instead of per request. Only
 * what verifies is trusted from it — acceptWebhook re-reads a cached connection
 * whose signature check fails (its secret may have been replaced), and the insert
 * itself refuses an archived connection — so a stale entry can delay nothing but
 * a health detail. Plaintext secrets stay in this process's memory for `ttlMs`.
 */
export function createWebhookConnectionCache({ ttlMs = 30_000, max = 10_000 }: CreateWebhookConnectionCacheOptions = {}) {
  return new LRUCache<string, TOpenConnection>({ max, ttl: ttlMs });
}

export type TWebhookConnectionCache = ReturnType<typeof createWebhookConnectionCache>;
