export {
  getInstallation,
  installForClients,
  installTemplate,
  listInstallations,
  setInstallationEnabled,
  uninstallInstallation,
  updateInstallation,
  ZInstallationIdInput,
  ZInstallForClientsInput,
  ZInstallTemplateInput,
  ZListInstallationsInput,
  ZSetInstallationEnabledInput,
  ZUpdateInstallationInput,
  type InstallationOptions,
  type TBulkInstallResult,
} from "./installations";
export { type TBindingDto, type TInstallationDto } from "./installation-dto";
export { type TEventTrigger } from "./resolve-install";
export { previewUpgrade, ZPreviewUpgradeInput, type TUpgradePreview } from "./upgrade-preview";
export { createEventTriggerStarter, createInstallationResolvers, startInstallationRun, ZStartInstallationRunInput } from "./installation-runs";
