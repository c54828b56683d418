import { type z } from "zod";
import { defineAction, type TConnectorAction } from "../../../sdk/connector";
import { type TShopifyConfig, type TShopifySecrets } from "../config";

/** defineAction with this connector's config and secrets filled in. */
export function defineShopifyAction<TIn extends z.ZodType, TOut extends z.ZodType>(action: TConnectorAction<TShopifyConfig, TShopifySecrets, TIn, TOut>) {
  return defineAction(action);
}
