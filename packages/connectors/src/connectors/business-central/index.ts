export { businessCentralConnector } from "./connector";
export { ZBusinessCentralConfig, ZBusinessCentralSecrets, type TBusinessCentralConfig, type TBusinessCentralSecrets } from "./config";
export { readValidationToken as readBusinessCentralValidationToken, BUSINESS_CENTRAL_EVENTS } from "./webhook";
