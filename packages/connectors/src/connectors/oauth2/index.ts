export { getClientCredentialsToken, invalidateClientCredentialsToken, type ClientCredentialsOptions } from "./client-credentials";
