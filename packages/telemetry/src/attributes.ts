/** Span attributes every span of a tenant's work carries (see withContextAttributes). */
export const ATTR_PARTNER_ID = "storeflow.partner_id";
export const ATTR_CLIENT_ID = "storeflow.client_id";
export const ATTR_RUN_ID = "storeflow.run_id";
/** The step's key in the run's definition. */
export const ATTR_STEP = "storeflow.step";
export const ATTR_CONNECTION_ID = "storeflow.connection_id";

/** The signed-in user a request acts for (tRPC). */
export const ATTR_USER_ID = "storeflow.user_id";
/** A step's attempt, iteration (forEach item) and how it ended (`succeeded`, `retrying`, `stale`…). */
export const ATTR_STEP_ATTEMPT = "storeflow.step.attempt";
export const ATTR_STEP_ITERATION = "storeflow.step.iteration";
export const ATTR_STEP_OUTCOME = "storeflow.step.outcome";
/** The connector key ("shopify") and the action it runs. */
export const ATTR_CONNECTOR = "storeflow.connector";
export const ATTR_OPERATION = "storeflow.operation";
export const ATTR_WORKFLOW = "storeflow.workflow";
export const ATTR_EVENT_TYPE = "storeflow.event_type";
