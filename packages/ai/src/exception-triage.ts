import { classifyError } from "@storeflow/engine";
import { type TClassifier, type TQueryable } from "@storeflow/runs";

/** The causes a failed run is sorted into, for the exception queue to group by. */
export const TRIAGE_LABELS = ["vendor_unavailable", "rate_limited", "credentials", "bad_data", "configuration", "business_rule", "unknown"] as const;
export type TTriageLabel = (typeof TRIAGE_LABELS)[number];

/** Keywords of each cause in an error text, for the rules classifier. */
const TRIAGE_RULES: Record<TTriageLabel, string[]> = {
  vendor_unavailable: ["503", "502", "504", "500", "timed out", "timeout", "unreachable", "could not be reached", "econnrefused", "econnreset", "service unavailable", "fetch failed"],
  rate_limited: ["429", "rate limit", "rate limited", "throttled", "too many requests"],
  credentials: ["401", "403", "unauthorized", "forbidden", "invalid api key", "access token", "invalid token", "expired", "credentials", "invalid client"],
  bad_data: ["invalid input", "expected", "not found", "no order", "does not exist", "422", "400", "unknown sku", "validation"],
  configuration: ["not bound", "binding", "no connector provides", "archived", "not allowed", "private address", "loopback", "did not decrypt", "no classifier"],
  // Recognised by the run's own exception flag, not by words (see triageRun).
  business_rule: [],
  unknown: [],
};

const SUGGESTED_ACTIONS: Record<TTriageLabel, string> = {
  vendor_unavailable: "Retry from the failed step once the system answers again.",
  rate_limited: "Retry from the failed step; if it keeps happening, lower the client's concurrency.",
  credentials: "Replace the connection's secrets, then retry from the failed step.",
  bad_data: "Fix the record in the source system, then retry, or skip the step with the right output.",
  configuration: "Fix the installation's bindings or the connection, then retry from the failed step.",
  business_rule: "The workflow stopped on purpose: read the reason, act on it, then resolve with a note or skip the step.",
  unknown: "Read the failed step's error and input before acting.",
};

/** Below this the triage names no cause and asks a person to look. */
const DEFAULT_MIN_CONFIDENCE = 0.5;

/** What a run's `triage` holds. */
export interface TTriage {
  label: TTriageLabel;
  confidence: number;
  rationale: string;
  source: "model" | "rules";
  model?: string;
  suggestedAction: string;
  at: string;
}

/** Options for {@link sweepExceptionTriage}. */
export interface SweepExceptionTriageOptions {
  /** storeflow_app pool in the system scope; every statement names the run's tenant. */
  db: TQueryable;
  classifier: TClassifier;
  /** Runs triaged per pass. @defaultValue 20 */
  limit?: number;
  /** @defaultValue 0.5: one clear rule hit, or a model that is at least as sure as not */
  minConfidence?: number;
}

interface TFailedRun {
  id: string;
  partner_id: string;
  client_id: string;
  workflow_key: string;
  current_step: string | null;
  error: unknown;
}

/**
 * Sorts newly failed runs by likely cause with the partner's model (or the
 * rules), and records it with a suggested action on the run. A run is claimed
 * by stamping a placeholder first, so concurrent sweeps on other workers pass
 * it by; an operator's retry clears the triage, so a run that fails again is
 * triaged again. An answer below the threshold is recorded as "unknown": the
 * queue then says a person should look, rather than guess.
 */
export async function sweepExceptionTriage({ db, classifier, limit = 20, minConfidence = DEFAULT_MIN_CONFIDENCE }: SweepExceptionTriageOptions): Promise<{ runId: string; triage: TTriage }[]> {
  const { rows } = await db.query<TFailedRun>({
    name: "ai.claim-untriaged-runs",
    text: `update workflow_runs set triage = '{"pending": true}'::jsonb
           where id in (select id from workflow_runs where status = 'failed' and triage is null order by finished_at limit $1 for update skip locked)
           returning id, partner_id, client_id, workflow_key, current_step, error`,
    values: [limit],
  });
  const triaged: { runId: string; triage: TTriage }[] = [];
  for (const run of rows) {
    const triage = await triageRun(classifier, run, minConfidence);
    await db.query({
      name: "ai.record-triage",
      text: "update workflow_runs set triage = $4::jsonb where id = $1 and partner_id = $2 and client_id = $3 and status = 'failed'",
      values: [run.id, run.partner_id, run.client_id, JSON.stringify(triage)],
    });
    triaged.push({ runId: run.id, triage });
  }
  return triaged;
}

/** The step's onError sent the run to the exception queue: the workflow's own decision, not a crash. */
const stoppedOnPurpose = (error: unknown) => typeof error === "object" && error !== null && (error as { exception?: unknown }).exception === true;

async function triageRun(classifier: TClassifier, run: TFailedRun, minConfidence: number): Promise<TTriage> {
  const at = new Date().toISOString();
  try {
    const answer = await classifier.classify({
      run: { id: run.id, partnerId: run.partner_id, clientId: run.client_id },
      input: { workflow: run.workflow_key, step: run.current_step, error: run.error },
      labels: TRIAGE_LABELS,
      rules: TRIAGE_RULES,
      idempotencyKey: `${run.id}:triage`,
      signal: AbortSignal.timeout(30_000),
    });
    if (answer.source === "rules" && answer.confidence === 0 && stoppedOnPurpose(run.error)) {
      const rationale = "The workflow opened this exception itself, and nothing in the error points at a technical cause.";
      return { label: "business_rule", confidence: 0.6, rationale, source: "rules", suggestedAction: SUGGESTED_ACTIONS.business_rule, at };
    }
    const known = (TRIAGE_LABELS as readonly string[]).includes(answer.label);
    const label: TTriageLabel = known && answer.confidence >= minConfidence ? (answer.label as TTriageLabel) : "unknown";
    const rationale = label === "unknown" && known && answer.label !== "unknown" ? `Not sure enough to name a cause (${answer.label}, ${answer.confidence}): ${answer.rationale}` : answer.rationale;
    return { label, confidence: answer.confidence, rationale, source: answer.source, ...(answer.model ? { model: answer.model } : {}), suggestedAction: SUGGESTED_ACTIONS[label], at };
  } catch (error) {
    // The model being down must not leave the run unclaimed forever: say so, and a person looks.
    return { label: "unknown", confidence: 0, rationale: `Triage could not run: ${classifyError(error).message}`, source: "rules", suggestedAction: SUGGESTED_ACTIONS.unknown, at };
  }
}
