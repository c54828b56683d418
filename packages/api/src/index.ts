export { appRouter, createCaller, type AppRouter, type RouterInputs, type RouterOutputs } from "./root";
export { createContext, type CreateContextOptions, type TContext, type TSessionContext } from "./context";
export { type TAuthzTarget, type TProcedureMeta, type TProcedureKind } from "./authz-meta";
export { createLiveHub, type TLiveEvent, type TLiveHub } from "./live/live-hub";
export { liveEventsResponse, type LiveEventsResponseOptions } from "./live/live-events-response";
