import { z } from "zod";
import { type THealth } from "../../sdk/connector";
import { describeFetchError } from "../../sdk/describe-fetch-error";
import { requestShopify, type TShopifyCallContext } from "./graphql-client";

/** The cheapest authenticated query there is: proves the domain, version and token work. */
export async function checkShopifyHealth(context: TShopifyCallContext): Promise<THealth> {
  try {
    const data = await requestShopify(context, { operation: "shop", query: "query Health { shop { name } }", data: z.object({ shop: z.object({ name: z.string() }) }) });
    return { ok: true, detail: `Connected to ${data.shop.name}` };
  } catch (error) {
    // Messages name the shop and what it answered (or why it could not be reached), never the token.
    return { ok: false, detail: describeFetchError(error) };
  }
}
