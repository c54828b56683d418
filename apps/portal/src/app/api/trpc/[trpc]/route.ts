import { appRouter } from "@storeflow/api";
import { withRequestMetrics } from "@storeflow/metrics";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { loggerForRequest, observability } from "@/server/observability";
import { getRequestContext } from "@/server/session";

function handler(req: Request) {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => getRequestContext(),
    onError({ error, path, ctx }) {
      if (error.code !== "INTERNAL_SERVER_ERROR") return;
      // Ids only: who called, for which tenant; the procedure's input may hold what a user typed (secrets).
      const active = ctx?.session?.active;
      loggerForRequest(req, { route: "trpc", userId: ctx?.session?.user.id, partnerId: active?.partnerId ?? undefined, clientId: active?.clientId ?? undefined }).error({ path, error: error.message }, "trpc error");
    },
  });
}

const measured = withRequestMetrics(observability().http, "trpc", handler);
export { measured as GET, measured as POST };
