/** One classification a step asks for. */
export interface TClassifyCall {
  run: { id: string; partnerId: string; clientId: string };
  /** The step's evaluated input: text, or an object to read as JSON. */
  input: unknown;
  labels: readonly string[];
  /** Keywords per label, for the rules classifier. */
  rules?: Readonly<Record<string, readonly string[]>>;
  /** Identical on every retry of the step. */
  idempotencyKey: string;
  signal: AbortSignal;
}

/** What a classifier answered, as it is recorded and shown to an approver. */
export interface TClassification {
  label: string;
  /** 0–1. */
  confidence: number;
  rationale: string;
  /** A language model, or the deterministic rules when none is configured or it could not answer. */
  source: "model" | "rules";
  /** The model that answered, when one did. */
  model?: string;
}

/**
 * Answers ai.classify steps. The AI package provides the production one (the
 * partner's model, falling back to rules); tests provide their own.
 */
export interface TClassifier {
  classify(call: TClassifyCall): Promise<TClassification>;
}
