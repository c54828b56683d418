import { ZRetryPolicy, type TRetryPolicy } from "./definition";

/** The policy of a step that declares none: the schema's defaults. */
export const DEFAULT_RETRY_POLICY: Readonly<TRetryPolicy> = Object.freeze(ZRetryPolicy.parse({}));

/** Options for {@link nextRetryDelayMs}. */
export interface NextRetryDelayOptions {
  /** The far end's Retry-After: the delay is never shorter, and may exceed `maxDelayMs`. */
  retryAfterMs?: number;
  /** Returns a number in [0, 1); injectable so tests can pin the jitter. @defaultValue Math.random */
  random?: () => number;
}

/**
 * How long to wait before the attempt after `failedAttempt` (1 = the first
 * attempt failed), or null when the policy allows no more attempts.
 */
export function nextRetryDelayMs(policy: TRetryPolicy, failedAttempt: number, options: NextRetryDelayOptions = {}): number | null {
  if (failedAttempt >= policy.attempts) return null;
  const backoff = Math.min(policy.initialDelayMs * policy.factor ** Math.max(0, failedAttempt - 1), policy.maxDelayMs);
  const random = options.random ?? Math.random;
  const jittered = backoff * (1 + policy.jitter * (2 * random() - 1));
  // maxDelayMs stays a true ceiling: at the cap, jitter can only shorten the wait.
  const delay = Math.round(Math.min(jittered, policy.maxDelayMs));
  return Math.max(delay, Math.ceil(options.retryAfterMs ?? 0));
}
