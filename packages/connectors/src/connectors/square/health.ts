import { z } from "zod";
import { type THealth } from "../../sdk/connector";
import { requestSquare, type TSquareCallContext } from "./http-client";

/** Reads the configured location (or the location list): proves the URL, version and token work. */
export async function checkSquareHealth(context: TSquareCallContext): Promise<THealth> {
  try {
    const locationId = context.config.locationId;
    if (locationId) {
      const data = await requestSquare(context, {
        operation: "RetrieveLocation",
        method: "GET",
        path: `/v2/locations/${encodeURIComponent(locationId)}`,
        response: z.object({ location: z.object({ name: z.string(), status: z.string().optional() }) }),
      });
      return data.location.status === "INACTIVE" ? { ok: false, detail: `Location ${data.location.name} is inactive` } : { ok: true, detail: `Connected to location ${data.location.name}` };
    }
    const data = await requestSquare(context, { operation: "ListLocations", method: "GET", path: "/v2/locations", response: z.object({ locations: z.array(z.unknown()).optional() }) });
    return { ok: true, detail: `Connected; the seller has ${data.locations?.length ?? 0} locations` };
  } catch (error) {
    // Messages carry Square's error detail, never the token.
    return { ok: false, detail: error instanceof Error ? error.message : String(error) };
  }
}
