import { handleAuthRequest } from "@storeflow/auth";
import { withRequestMetrics } from "@storeflow/metrics";
import { observability } from "@/server/observability";
import { services } from "@/server/services";

function handler(req: Request) {
  return handleAuthRequest(req, services().authConfig);
}

const measured = withRequestMetrics(observability().http, "auth", handler);
export { measured as GET, measured as POST };
