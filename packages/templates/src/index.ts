export { defineTemplate, literal, reportedKpi, type TAnyTemplate, type TInstallContext, type TSlaTargets, type TTemplate, type TTemplateBinding, type TTemplateKpi, type TTemplateTrigger } from "./template";
export { compareVersions, createTemplateCatalog, type TTemplateCatalog } from "./catalog";
export { describeParamChanges, type TParamChange } from "./param-changes";
export { builtInTemplates } from "./built-in";
