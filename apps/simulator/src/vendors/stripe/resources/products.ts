import { StripeApiError } from "../core/errors";
import { listObject } from "../core/list";
import { boolParam, mergeMetadata, stringParam } from "../core/params";
import { type TStripeResource } from "../core/router";
import { type TStripeObject } from "../core/store";

export type TProduct = TStripeObject & { name: string; active: boolean; description: string | null; metadata: Record<string, string>; default_price: string | null };

/** `/v1/products`: create (an `id` may be chosen), retrieve, update, list. */
export const productsResource: TStripeResource = (router, { objects }) => {
  router.post("/products", (req) => {
    const name = stringParam(req.params, "name", { required: true });
    const id = stringParam(req.params, "id");
    if (id && objects.get(req.account, id)) throw new StripeApiError({ status: 400, type: "invalid_request_error", code: "resource_already_exists", param: "id", message: "Product already exists." });
    const product = objects.insert<TProduct>(req.account, "prod", "product", {
      ...(id ? { id } : {}),
      name,
      active: boolParam(req.params, "active") ?? true,
      description: stringParam(req.params, "description") ?? null,
      metadata: mergeMetadata({}, req.params),
      default_price: null,
      type: "service",
      updated: 0,
    });
    req.emit("product.created", product);
    return product;
  });
  router.get("/products/:id", (req) => objects.require(req.account, req.pathParams.id!, "product"));
  router.post("/products/:id", (req) => {
    const product = objects.require<TProduct>(req.account, req.pathParams.id!, "product");
    const previous = { name: product.name, active: product.active, metadata: product.metadata };
    const updated = objects.update<TProduct>(req.account, product.id, {
      ...(stringParam(req.params, "name") ? { name: stringParam(req.params, "name") } : {}),
      ...(stringParam(req.params, "description") !== undefined ? { description: stringParam(req.params, "description") } : {}),
      ...(boolParam(req.params, "active") !== undefined ? { active: boolParam(req.params, "active") } : {}),
      metadata: mergeMetadata(product.metadata, req.params),
    });
    req.emit("product.updated", updated, previous);
    return updated;
  });
  router.get("/products", (req) => {
    const active = boolParam(req.params, "active");
    return listObject(objects.list<TProduct>(req.account, "product", (p) => active === undefined || p.active === active), req.params, "/v1/products");
  });
};
