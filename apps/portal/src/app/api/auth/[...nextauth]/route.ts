import { handleAuthRequest } from "@storeflow/auth";
import { services } from "@/server/services";

function handler(req: Request) {
  return handleAuthRequest(req, services().authConfig);
}

export { handler as GET, handler as POST };
