import { listObject } from "../core/list";
import { stringParam } from "../core/params";
import { type TStripeResource } from "../core/router";
import { type TEventObject } from "../core/events";

/** `GET /v1/events/:id` and `GET /v1/events` (by type). */
export const eventsResource: TStripeResource = (router, { objects }) => {
  router.get("/events/:id", (req) => objects.require(req.account, req.pathParams.id!, "event"));
  router.get("/events", (req) => {
    const type = stringParam(req.params, "type");
    return listObject(objects.list<TEventObject>(req.account, "event", (e) => !type || e.type === type), req.params, "/v1/events");
  });
};
