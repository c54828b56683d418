export { shipbobConnector } from "./connector";
export { ZShipBobConfig, ZShipBobSecrets, type TShipBobConfig, type TShipBobSecrets } from "./config";
export { SHIPBOB_EVENTS } from "./webhook";
