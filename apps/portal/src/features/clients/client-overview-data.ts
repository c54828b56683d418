import { type getServerApi } from "@/server/session";
import { type TClientOverviewData } from "./client-overview";

type TServerApi = Awaited<ReturnType<typeof getServerApi>>;

/** How many open exceptions and approvals the overview lists before pointing to their own pages. */
export const OVERVIEW_LIST_SIZE = 5;

/**
 * The client overview's first paint, read on the server with the queries the
 * component then keeps live. Throws the API's NOT_FOUND for a client out of scope.
 */
export async function loadClientOverview(api: TServerApi, clientId: string): Promise<TClientOverviewData> {
  const [overview, sla, exceptions, approvals] = await Promise.all([
    api.run.overview({ clientId }),
    api.sla.clientDashboard({ clientId, range: "24h" }),
    api.run.list({ clientId, status: ["failed"], limit: OVERVIEW_LIST_SIZE }),
    api.approval.list({ clientId, status: ["pending"], limit: OVERVIEW_LIST_SIZE }),
  ]);
  const runs = overview.find((row) => row.clientId === clientId);
  if (!runs) throw new Error(`run.overview returned no row for client ${clientId}`);
  return { runs, sla, exceptions, approvals };
}
