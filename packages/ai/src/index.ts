export { createClassifier, type CreateClassifierOptions } from "./classifier";
export { classifyWithModel, type TModelSettings } from "./chat-completions-classifier";
export { classifyByRules } from "./rules-classifier";
export {
  createPartnerModelResolver,
  getPartnerAiModel,
  removePartnerAiModel,
  rotatePartnerModelKeys,
  setPartnerAiModel,
  ZSetPartnerAiModelInput,
  type TPartnerAiModelDto,
} from "./partner-ai-model";
export { sweepExceptionTriage, TRIAGE_LABELS, type SweepExceptionTriageOptions, type TTriage, type TTriageLabel } from "./exception-triage";
