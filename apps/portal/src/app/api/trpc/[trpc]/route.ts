import { appRouter } from "@storeflow/api";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { getRequestContext } from "@/server/session";

function handler(req: Request) {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => getRequestContext(),
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(JSON.stringify({ level: "error", msg: "trpc error", path, error: error.message }));
    },
  });
}

export { handler as GET, handler as POST };
