export { createShipBobSimulator, shipbobSimulator, type TShipBobSimulator } from "./simulator";
export { defaultShipBobSeed } from "./seed";
export type { TSbSeed, TSbState } from "./state";
