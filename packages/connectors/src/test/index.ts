export { signedTestConnector, signBody } from "./signed-test-connector";
export { canarySecret, SECRET_CANARY } from "./secret-canary";
