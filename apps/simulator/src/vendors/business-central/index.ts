export { businessCentralSimulator, createBusinessCentralSimulator, type TBusinessCentralSimulator } from "./simulator";
export { defaultBusinessCentralSeed } from "./seed";
export type { TBcSeed, TBcState } from "./state";
