export { signedTestConnector, signBody } from "./signed-test-connector";
