import { execute, getOperationAST, GraphQLError, parse, validate, type DocumentNode } from "graphql";
import { Hono } from "hono";
import { inventoryMutationResolvers } from "./inventory-mutations";
import { productVariantMutationResolvers } from "./product-variants-bulk-update";
import { queryResolvers } from "./query-resolvers";
import { describeCost, estimateQueryCost, refillBucket } from "./query-cost";
import { refundMutationResolvers } from "./refund-create";
import { type TShopifyResolverContext } from "./resolver-context";
import { shopifySchema } from "./schema";
import { type TShopifyState } from "./state";
import { webhookSubscriptionResolvers } from "./webhook-subscription-create";

const rootValue = { ...queryResolvers, ...inventoryMutationResolvers, ...refundMutationResolvers, ...webhookSubscriptionResolvers, ...productVariantMutationResolvers };
const API_VERSION = /^(\d{4}-(01|04|07|10)|unstable)$/;

export interface TShopifyRoutesOptions {
  state: () => TShopifyState;
  emit: TShopifyResolverContext["emit"];
}

function parseQuery(query: string): DocumentNode | readonly GraphQLError[] {
  try {
    const document = parse(query);
    const errors = validate(shopifySchema, document);
    return errors.length > 0 ? errors : document;
  } catch (error) {
    if (error instanceof GraphQLError) return [error];
    throw error;
  }
}

/**
 * POST /admin/api/<version>/graphql.json as Shopify answers it: 401 for a wrong access token;
 * GraphQL errors (syntax, validation, THROTTLED) with HTTP 200; `extensions.cost` on every answer.
 */
export function createShopifyRoutes({ state: currentState, emit }: TShopifyRoutesOptions): Hono {
  const app = new Hono();
  app.post("/admin/api/:version/graphql.json", async (c) => {
    const state = currentState();
    if (c.req.header("x-shopify-access-token") !== state.credentials.accessToken) {
      return c.json({ errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" }, 401);
    }
    const apiVersion = c.req.param("version");
    if (!API_VERSION.test(apiVersion)) return c.json({ errors: "Not Found" }, 404);
    const body = (await c.req.json().catch(() => undefined)) as { query?: unknown; variables?: Record<string, unknown>; operationName?: string } | undefined;
    if (typeof body?.query !== "string") return c.json({ errors: { query: "Required parameter missing or invalid" } }, 400);

    const parsed = parseQuery(body.query);
    if (!("kind" in parsed)) return c.json({ errors: parsed.map((e) => e.toJSON()) });
    const operation = getOperationAST(parsed, body.operationName);
    if (!operation) return c.json({ errors: [{ message: "An operation name is required when the document has several operations." }] });

    const variables = body.variables ?? {};
    const requested = estimateQueryCost(operation, variables);
    refillBucket(state.throttle);
    if (requested > state.throttle.currentlyAvailable) {
      const throttled = { message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } };
      return c.json({ errors: [throttled], extensions: describeCost(state.throttle, requested, null) });
    }
    state.throttle.currentlyAvailable -= requested;

    const contextValue: TShopifyResolverContext = { state, apiVersion, emit };
    const result = await execute({ schema: shopifySchema, document: parsed, rootValue, contextValue, variableValues: variables, operationName: body.operationName });
    return c.json({ ...result, errors: result.errors?.map((e) => e.toJSON()), extensions: describeCost(state.throttle, requested, requested) });
  });
  return app;
}
