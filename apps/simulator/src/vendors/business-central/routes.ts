import { randomUUID } from "node:crypto";
import { type Context, Hono } from "hono";
import { authenticate, handleTokenRequest } from "./auth";
import { postPurchaseInvoice } from "./draft-purchase-invoices";
import { ENTITY_SETS, JOURNAL_LINES, type TEntitySet } from "./entities";
import { BcError, errorBody } from "./errors";
import { createJournalLine, findJournal, postJournal } from "./journals";
import { type createNotifier, subscriptionToApi } from "./notifications";
import { queryCollection, representRecord } from "./odata-query";
import { createPurchaseOrder } from "./purchasing";
import { createSalesCreditMemo } from "./sales";
import { type TBcState } from "./state";

type TRecord = Record<string, unknown>;
type TNotifier = ReturnType<typeof createNotifier>;

interface TSegment {
  name: string;
  key: string | undefined;
}

interface TRequest {
  c: Context;
  state: TBcState;
  notifier: TNotifier;
  segments: TSegment[];
  url: URL;
  /** `…/api/v2.0` of this tenant and environment, for @odata.context. */
  apiRoot: string;
}

function parseSegments(path: string): TSegment[] {
  return path
    .split("/")
    .filter(Boolean)
    .map((raw) => {
      const segment = decodeURIComponent(raw);
      const match = /^([^()]+)(?:\((.*)\))?$/.exec(segment);
      if (!match) throw new BcError(400, "BadRequest", `Bad Request - Error in query syntax: '${segment}'.`);
      return { name: match[1]!, key: match[2]?.replace(/^'(.*)'$/, "$1") };
    });
}

function notFound(): BcError {
  return new BcError(404, "BadRequest_NotFound", "The specified resource does not exist.");
}

function findByKey(records: TRecord[], key: string): TRecord {
  const record = records.find((candidate) => String(candidate.id).toLowerCase() === key.toLowerCase());
  if (!record) throw notFound();
  return record;
}

async function readJson(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw new BcError(400, "BadRequest", "The request body is not valid JSON.");
  }
}

function collection(request: TRequest, set: TEntitySet, records: TRecord[], contextPath: string): Response {
  const { c, state, url } = request;
  const { body, headers } = queryCollection({
    set,
    records,
    state,
    query: url.searchParams,
    prefer: c.req.header("prefer"),
    collectionUrl: `${url.origin}${url.pathname}`,
    contextUrl: `${request.apiRoot}/$metadata#${contextPath}`,
  });
  return c.json(body, 200, headers);
}

function single(request: TRequest, set: TEntitySet, record: TRecord, contextPath: string, status: 200 | 201 = 200): Response {
  const body = { "@odata.context": `${request.apiRoot}/$metadata#${contextPath}/$entity`, ...representRecord(set, record, request.state, request.url.searchParams) };
  return request.c.json(body, status);
}

async function handleJournal(request: TRequest, journalKey: string, child: TSegment): Promise<Response> {
  const { c, state, notifier } = request;
  const journal = findJournal(state, journalKey);
  const contextPath = `companies(${state.companyId})/journals(${journal.id})/journalLines`;
  if (child.name === "Microsoft.NAV.post" && c.req.method === "POST") {
    postJournal(state, journal, notifier.notify);
    notifier.notify("journals", journal.id, "updated");
    return c.body(null, 204);
  }
  if (child.name !== "journalLines") throw notFound();
  if (c.req.method === "GET") return collection(request, JOURNAL_LINES, journal.lines as unknown as TRecord[], contextPath);
  if (c.req.method === "POST") {
    const line = createJournalLine(state, journal, await readJson(c));
    return single(request, JOURNAL_LINES, line as unknown as TRecord, contextPath, 201);
  }
  throw new BcError(400, "BadRequest_MethodNotAllowed", `'${c.req.method}' requests are not allowed on this resource.`);
}

const CREATES: Record<string, (state: TBcState, body: unknown) => { id: string }> = {
  purchaseOrders: createPurchaseOrder,
  salesCreditMemos: createSalesCreditMemo,
};

async function handleCompany(request: TRequest): Promise<Response> {
  const { c, state, notifier, segments } = request;
  const [company, target, child] = segments;
  if (company?.key?.toLowerCase() !== state.companyId) throw notFound();
  if (!target) {
    if (c.req.method !== "GET") throw new BcError(400, "BadRequest_MethodNotAllowed", `'${c.req.method}' requests are not allowed on companies.`);
    const record = { id: state.companyId, systemVersion: "27.0.0.0", name: state.companyName, displayName: state.companyName, businessProfileId: "" };
    return c.json({ "@odata.context": `${request.apiRoot}/$metadata#companies/$entity`, ...record });
  }
  if (target.name === "journals" && target.key && child) return handleJournal(request, target.key, child);
  if (target.name === "purchaseInvoices" && target.key && child?.name === "Microsoft.NAV.post" && c.req.method === "POST") {
    postPurchaseInvoice(state, target.key, notifier.notify);
    return c.body(null, 204);
  }
  const set = ENTITY_SETS[target.name];
  if (!set || segments.length > 2) throw notFound();
  const contextPath = `companies(${state.companyId})/${target.name}`;
  if (c.req.method === "GET") {
    return target.key ? single(request, set, findByKey(set.records(state), target.key), contextPath) : collection(request, set, set.records(state), contextPath);
  }
  const create = CREATES[target.name];
  if (c.req.method === "POST" && !target.key && create) {
    const record = create(state, await readJson(c));
    notifier.notify(target.name, record.id, "created");
    return single(request, set, record as unknown as TRecord, contextPath, 201);
  }
  throw new BcError(400, "BadRequest_MethodNotAllowed", `'${c.req.method}' requests are not allowed on ${target.name}.`);
}

async function handleSubscriptions(request: TRequest): Promise<Response> {
  const { c, state, notifier } = request;
  const key = request.segments[0]?.key;
  const contextUrl = `${request.apiRoot}/$metadata#subscriptions`;
  if (!key && c.req.method === "POST") return c.json({ "@odata.context": `${contextUrl}/$entity`, ...subscriptionToApi(await notifier.createSubscription(await readJson(c))) }, 201);
  if (!key && c.req.method === "GET") return c.json({ "@odata.context": contextUrl, value: state.subscriptions.map(subscriptionToApi) });
  const subscription = state.subscriptions.find((candidate) => candidate.subscriptionId === key);
  if (!subscription) throw notFound();
  if (c.req.method === "PATCH") return c.json({ "@odata.context": `${contextUrl}/$entity`, ...subscriptionToApi(await notifier.renewSubscription(subscription)) });
  if (c.req.method === "DELETE") {
    state.subscriptions = state.subscriptions.filter((candidate) => candidate !== subscription);
    return c.body(null, 204);
  }
  if (c.req.method === "GET") return c.json({ "@odata.context": `${contextUrl}/$entity`, ...subscriptionToApi(subscription) });
  throw new BcError(400, "BadRequest_MethodNotAllowed", `'${c.req.method}' requests are not allowed on subscriptions.`);
}

/**
 * The Microsoft identity platform's token endpoint at `/<tenant>/oauth2/v2.0/token`
 * and API v2.0 at `/v2.0/<tenant>/<environment>/api/v2.0/…`, as they answer.
 */
export function createBusinessCentralRoutes(state: TBcState, notifier: TNotifier): Hono {
  const routes = new Hono();
  routes.post("/:tenant/oauth2/v2.0/token", (c) => handleTokenRequest(c, state));
  routes.all("/v2.0/:tenant/:environment/api/v2.0/*", async (c) => {
    try {
      authenticate(c, state);
      if (c.req.param("environment") !== state.environment) throw new BcError(404, "BadRequest_NotFound", `The environment '${c.req.param("environment")}' does not exist.`);
      const url = new URL(c.req.url);
      const marker = "/api/v2.0/";
      const at = url.pathname.indexOf(marker);
      const segments = parseSegments(url.pathname.slice(at + marker.length));
      const request: TRequest = { c, state, notifier, segments, url, apiRoot: `${url.origin}${url.pathname.slice(0, at + marker.length - 1)}` };
      if (segments[0]?.name === "subscriptions") return await handleSubscriptions(request);
      if (segments[0]?.name === "companies") return await handleCompany(request);
      throw notFound();
    } catch (error) {
      if (!(error instanceof BcError)) throw error;
      const headers: Record<string, string> = error.status === 401 ? { "www-authenticate": 'Bearer realm="", error="invalid_token"' } : {};
      return c.json(errorBody(error, randomUUID()), error.status, headers);
    }
  });
  return routes;
}
