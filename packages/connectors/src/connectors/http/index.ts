import { NonRetryableError } from "@storeflow/engine";
import { defineConnector } from "../../sdk/connector";
import { buildAuthHeaders } from "./auth-headers";
import { ZHttpConfig, ZHttpSecrets } from "./config";
import { describeFetchError } from "../../sdk/describe-fetch-error";
import { requestAction } from "./request-action";

export { ZHttpConfig, ZHttpSecrets, type THttpAuth, type THttpConfig, type THttpSecrets } from "./config";
export { ZHttpRequestInput, ZHttpRequestOutput } from "./request-action";

/**
 * Any JSON-over-HTTP API the partner points it at. `auth` names the connector's usual
 * kind; each connection's `config.auth.kind` decides what it actually sends.
 */
export const httpConnector = defineConnector({
  key: "http",
  name: "HTTP",
  version: "1.0.0",
  category: "http",
  auth: "apiKey",
  config: ZHttpConfig,
  secrets: ZHttpSecrets,
  actions: { request: requestAction },
  async health({ config, secrets, fetch, signal }) {
    let response: Response;
    try {
      response = await fetch(config.baseUrl, { method: "GET", headers: buildAuthHeaders(config.auth, secrets), redirect: "manual", signal });
    } catch (error) {
      if (error instanceof NonRetryableError) return { ok: false, detail: error.message };
      return { ok: false, detail: `${new URL(config.baseUrl).host} could not be reached: ${describeFetchError(error)}` };
    }
    await response.body?.cancel();
    if (response.status === 401 || response.status === 403) return { ok: false, detail: `the credentials were refused (${response.status})` };
    if (response.status >= 500) return { ok: false, detail: `the server answered ${response.status}` };
    return { ok: true };
  },
});
