import { type Context, Hono } from "hono";
import { StripeApiError } from "./errors";
import { expandObject, expandPaths } from "./expand";
import { fingerprintParams, parseStripeParams, type TParams } from "./form";
import { type IdempotencyStore } from "./idempotency";
import { type StripeEvents, type TEventObject } from "./events";
import { stripeId, type StripeClock, type StripeObjects, type TStripeObject } from "./store";

/** One API request as Stripe saw it (the secret key itself is never kept). */
export interface TRecordedRequest {
  id: string;
  method: string;
  path: string;
  params: TParams;
  /** The connected account from `Stripe-Account` / `Stripe-Context`; null for the platform. */
  account: string | null;
  idempotencyKey: string | null;
  stripeVersion: string | null;
  status: number;
  /** True when the response was a replay of an earlier one with the same idempotency key. */
  replayed: boolean;
  response: unknown;
}

/** What every resource module shares: objects, events, the clock, the request log. */
export interface TStripeCore {
  objects: StripeObjects;
  events: StripeEvents;
  clock: StripeClock;
  idempotency: IdempotencyStore;
  requests: TRecordedRequest[];
  /** Secret keys accepted as `Authorization: Bearer …`. */
  secretKeys: string[];
  baseUrl(): string;
  /** Registers work to do whenever the clock moves (closing billing periods, retrying payments). */
  onClockAdvance(hook: (now: number) => Promise<void> | void): void;
  /** Moves the simulated clock and runs every hook, in registration order. */
  advanceClock(seconds: number): Promise<void>;
}

/** A request as a handler sees it: path params, parsed params (body for POST, query otherwise), account. */
export interface TStripeRequest {
  method: string;
  path: string;
  pathParams: Record<string, string>;
  params: TParams;
  account: string | null;
  requestId: string;
  idempotencyKey: string | null;
  /** Emits an event for this request's account, linked to this request. */
  emit(type: string, object: TStripeObject, previousAttributes?: Record<string, unknown>): TEventObject;
}

export type TStripeHandler = (request: TStripeRequest) => unknown;

/** How resource modules add API routes (`/v1/...`, Stripe's behaviour applied) and plain pages (hosted checkout). */
export interface TStripeRouter {
  get(path: string, handler: TStripeHandler): void;
  post(path: string, handler: TStripeHandler): void;
  delete(path: string, handler: TStripeHandler): void;
  /** Routes outside the API (no auth, no idempotency): hosted pages a browser opens. */
  pages: Hono;
}

/** A resource module: registers its routes; may register clock hooks on the core. */
export type TStripeResource = (router: TStripeRouter, core: TStripeCore) => void;

function errorResponse(c: Context, error: StripeApiError, requestId: string) {
  return c.json(error.toJSON(), error.status as 400, { "request-id": requestId });
}

/** Builds the Hono app for `/v1/*` from resource modules, with Stripe's auth, idempotency, errors, expand and request log. */
export function createStripeApi(core: TStripeCore, resources: readonly TStripeResource[]): { api: Hono; pages: Hono } {
  const api = new Hono();
  const pages = new Hono();

  const run = (method: string, handler: TStripeHandler) => async (c: Context) => {
    const requestId = stripeId("req");
    const headers = { idempotencyKey: c.req.header("idempotency-key") ?? null, stripeVersion: c.req.header("stripe-version") ?? null };
    const account = c.req.header("stripe-account") ?? c.req.header("stripe-context") ?? null;
    const raw = method === "POST" ? await c.req.text() : new URL(c.req.url).search.slice(1);
    let params: TParams = {};
    const record = (status: number, response: unknown, replayed = false) =>
      core.requests.push({ id: requestId, method, path: c.req.path, params, account, ...headers, status, replayed, response });

    const key = /^Bearer (.+)$/.exec(c.req.header("authorization") ?? "")?.[1];
    if (!key || !core.secretKeys.includes(key)) {
      const shown = key ? `${key.slice(0, 8)}${"*".repeat(Math.max(0, key.length - 12))}${key.slice(-4)}` : "";
      const error = new StripeApiError({ status: 401, type: "invalid_request_error", message: key ? `Invalid API Key provided: ${shown}` : "You did not provide an API key." });
      record(401, error.toJSON());
      return errorResponse(c, error, requestId);
    }
    if (account && !core.objects.get(null, account, "account")) {
      const error = new StripeApiError({ status: 403, type: "invalid_request_error", code: "account_invalid", message: `The provided key does not have access to account '${account}' (or that account does not exist). Application access may have been revoked.` });
      record(403, error.toJSON());
      return errorResponse(c, error, requestId);
    }
    params = parseStripeParams(raw);

    const idempotent = method === "POST" && headers.idempotencyKey !== null;
    const scope = account ?? "platform";
    try {
      if (idempotent) {
        const replay = core.idempotency.begin(scope, headers.idempotencyKey!, method, c.req.path, fingerprintParams(params));
        if (replay) {
          record(replay.status, replay.body, true);
          return c.json(replay.body as object, replay.status as 200, { "idempotent-replayed": "true", "original-request": replay.requestId, "request-id": requestId });
        }
      }
    } catch (error) {
      if (!(error instanceof StripeApiError)) throw error;
      record(error.status, error.toJSON());
      return errorResponse(c, error, requestId);
    }

    let status = 200;
    let body: unknown;
    let save = true;
    try {
      const request: TStripeRequest = {
        method,
        path: c.req.path,
        pathParams: c.req.param() as Record<string, string>,
        params,
        account,
        requestId,
        idempotencyKey: headers.idempotencyKey,
        emit: (type, object, previousAttributes) => core.events.emit({ account, type, object, previousAttributes, request: { id: requestId, idempotencyKey: headers.idempotencyKey } }),
      };
      const result = await handler(request);
      body = expandObject(result, expandPaths(params.expand), core.objects, account);
    } catch (error) {
      if (!(error instanceof StripeApiError)) {
        console.error(error);
        body = new StripeApiError({ status: 500, type: "api_error", message: "An unknown error occurred" }).toJSON();
        status = 500;
        save = false;
      } else {
        status = error.status;
        body = error.toJSON();
        save = error.saved;
      }
    }
    if (idempotent) core.idempotency.finish(scope, headers.idempotencyKey!, save ? { status, body, requestId } : null);
    record(status, body);
    return c.json(body as object, status as 200, { "request-id": requestId, ...(idempotent ? { "idempotency-key": headers.idempotencyKey! } : {}) });
  };

  const router: TStripeRouter = {
    get: (path, handler) => void api.get(path, run("GET", handler)),
    post: (path, handler) => void api.post(path, run("POST", handler)),
    delete: (path, handler) => void api.delete(path, run("DELETE", handler)),
    pages,
  };
  for (const resource of resources) resource(router, core);
  api.notFound((c) =>
    c.json(new StripeApiError({ status: 404, type: "invalid_request_error", message: `Unrecognized request URL (${c.req.method}: ${c.req.path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.` }).toJSON(), 404),
  );
  return { api, pages };
}
