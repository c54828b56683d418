import { NonRetryableError } from "@storeflow/engine";
import { type z } from "zod";
import { defineAction, type TConnectorAction } from "../../../sdk/connector";
import { type TSquareConfig, type TSquareSecrets } from "../config";

/** defineAction with this connector's config and secrets filled in. */
export function defineSquareAction<TIn extends z.ZodType, TOut extends z.ZodType>(action: TConnectorAction<TSquareConfig, TSquareSecrets, TIn, TOut>) {
  return defineAction(action);
}

/** The input's locations, else the connection's default one; Square needs at least one. */
export function resolveLocationIds(config: TSquareConfig, locationIds: string[] | undefined): string[] {
  if (locationIds && locationIds.length > 0) return locationIds;
  if (config.locationId) return [config.locationId];
  throw new NonRetryableError("Square needs a location: give locationIds or set the connection's locationId");
}
