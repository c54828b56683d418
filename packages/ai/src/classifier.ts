import { classifyError } from "@storeflow/engine";
import { type TClassification, type TClassifier } from "@storeflow/runs";
import { classifyWithModel, type TFetch, type TModelSettings } from "./chat-completions-classifier";
import { classifyByRules } from "./rules-classifier";

/** Options for {@link createClassifier}. */
export interface CreateClassifierOptions {
  /** The partner's model, if it configured one. */
  resolveModel(partnerId: string): Promise<TModelSettings | undefined>;
  /** The SSRF-guarded fetch the model is called through. */
  fetch: TFetch;
}

/**
 * The production classifier: the partner's model when it has one, else the
 * step's rules. A model that refuses for good (a revoked key, an unknown model)
 * does not stop the run: the rules answer, and the rationale says why, so the
 * approver sees that no model was asked. Passing failures are thrown, for the
 * step's retry policy.
 */
export function createClassifier({ resolveModel, fetch }: CreateClassifierOptions): TClassifier {
  return {
    async classify(call): Promise<TClassification> {
      const settings = await resolveModel(call.run.partnerId);
      if (!settings) return classifyByRules(call.input, call.labels, call.rules);
      try {
        return await classifyWithModel(settings, call, fetch);
      } catch (error) {
        const { retryable, message } = classifyError(error);
        if (retryable) throw error;
        const rules = classifyByRules(call.input, call.labels, call.rules);
        return { ...rules, rationale: `The model could not answer (${message}); the rules did: ${rules.rationale}` };
      }
    },
  };
}
