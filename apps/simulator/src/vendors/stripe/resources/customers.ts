import { listObject } from "../core/list";
import { hashParam, mergeMetadata, stringParam } from "../core/params";
import { type TStripeResource } from "../core/router";
import { type TStripeObject } from "../core/store";

export type TCustomer = TStripeObject & { email: string | null; name: string | null; metadata: Record<string, string>; invoice_settings: { default_payment_method: string | null } };

/** `/v1/customers`: create, retrieve, update, list (by email). */
export const customersResource: TStripeResource = (router, { objects }) => {
  router.post("/customers", (req) => {
    const customer = objects.insert<TCustomer>(req.account, "cus", "customer", {
      email: stringParam(req.params, "email") ?? null,
      name: stringParam(req.params, "name") ?? null,
      description: stringParam(req.params, "description") ?? null,
      metadata: mergeMetadata({}, req.params),
      invoice_settings: { default_payment_method: null },
      balance: 0,
      currency: null,
      delinquent: false,
    });
    req.emit("customer.created", customer);
    return customer;
  });
  router.get("/customers/:id", (req) => objects.require(req.account, req.pathParams.id!, "customer"));
  router.post("/customers/:id", (req) => {
    const customer = objects.require<TCustomer>(req.account, req.pathParams.id!, "customer");
    const previous = { metadata: customer.metadata };
    const settings = hashParam(req.params, "invoice_settings");
    const paymentMethod = settings ? stringParam(settings, "default_payment_method") : undefined;
    if (paymentMethod) objects.require(req.account, paymentMethod, "payment_method", { param: "invoice_settings[default_payment_method]" });
    const updated = objects.update<TCustomer>(req.account, customer.id, {
      ...(stringParam(req.params, "email") !== undefined ? { email: stringParam(req.params, "email") } : {}),
      ...(stringParam(req.params, "name") !== undefined ? { name: stringParam(req.params, "name") } : {}),
      metadata: mergeMetadata(customer.metadata, req.params),
      ...(paymentMethod ? { invoice_settings: { default_payment_method: paymentMethod } } : {}),
    });
    req.emit("customer.updated", updated, previous);
    return updated;
  });
  router.get("/customers", (req) => {
    const email = stringParam(req.params, "email");
    return listObject(objects.list<TCustomer>(req.account, "customer", (c) => !email || c.email === email), req.params, "/v1/customers");
  });
};
