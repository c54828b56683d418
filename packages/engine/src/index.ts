export {
  ZOnError,
  ZRetryPolicy,
  ZStep,
  ZWorkflowDefinition,
  type TForEachStep,
  type TOnError,
  type TRetryPolicy,
  type TStep,
  type TStepKind,
  type TWorkflowDefinition,
  type TWorkflowDefinitionInput,
} from "./definition";
export { assertValidDefinition, DefinitionError, PLATFORM_BINDING, validateDefinition, type TDefinitionIssue } from "./validate-definition";
export { evaluate, type TRunContext } from "./expressions";
export { classifyError, ExpressionError, NonRetryableError, RateLimitedError, RetryableError, StepTimeoutError } from "./errors";
export { DEFAULT_RETRY_POLICY, nextRetryDelayMs } from "./retry-policy";
export { decideNext, stepByKey, type TDecision } from "./plan";
export { enclosingForEach, forEachBody, itemEndStep } from "./for-each";
export { stepEdges, type TStepReference } from "./step-references";
