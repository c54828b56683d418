export { BlockedDestinationError } from "./blocked-destination-error";
export { classifyAddress, type TAddressClassification, type TAddressKind } from "./classify-address";
export { readOutboundEnv, type TOutboundEnv } from "./env";
export { createGuardedFetch, guardedFetchFromEnv, type TGuardedFetchOptions } from "./guarded-fetch";
export { isForbiddenAddress, type TOutboundPolicy } from "./policy";
export { type TLookup, type TResolvedAddress } from "./resolve-destination";
export { createHostGuard, hostGuardFromEnv } from "./host-guard";
