import { expect, type APIRequestContext, type Page } from "@playwright/test";

/**
 * Failed runs for a spec, made through the portal's own tRPC endpoint as the
 * signed-in user (the page's cookies), so they are real runs the worker ran
 * and triaged, in a client of the spec's own.
 *
 * The run tracks a purchase order's acknowledgement in the supplier invoice
 * match, over a Business Central connection that points at 127.0.0.1: the
 * worker's SSRF guard refuses loopback addresses (OUTBOUND_ALLOW_PRIVATE is
 * not set in the e2e environment), which is not retryable, so the first step
 * that calls Business Central fails at once into the exception queue.
 */

const TEMPLATE_KEY = "supplier-invoice-match";
const UNREACHABLE = "http://127.0.0.1:9";

export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

interface TTrpcBody<T> {
  result?: { data: { json: T } };
  error?: { json: { message: string } };
}

async function unwrap<T>(response: Awaited<ReturnType<APIRequestContext["get"]>>, path: string): Promise<T> {
  const body = (await response.json()) as TTrpcBody<T>;
  if (!response.ok() || !body.result) throw new Error(`${path} failed (${response.status()}): ${body.error?.json.message ?? JSON.stringify(body)}`);
  return body.result.data.json;
}

/** One tRPC mutation over HTTP, in superjson's envelope. */
export async function mutate<T>(page: Page, path: string, input: unknown): Promise<T> {
  return unwrap<T>(await page.request.post(`/api/trpc/${path}`, { data: { json: input } }), path);
}

/** One tRPC query over HTTP, in superjson's envelope. */
export async function query<T>(page: Page, path: string, input: unknown): Promise<T> {
  return unwrap<T>(await page.request.get(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`), path);
}

export interface TFailingSetup {
  clientId: string;
  clientName: string;
  connectionId: string;
  installationId: string;
}

/** A client with the supplier invoice match installed over an unreachable Business Central. */
export async function setUpFailingInstallation(page: Page, label: string): Promise<TFailingSetup> {
  const clientName = `${label} ${uniqueSuffix()}`;
  const client = await mutate<{ id: string }>(page, "client.create", { name: clientName });
  const connection = await mutate<{ id: string }>(page, "connection.create", {
    clientId: client.id,
    connectorKey: "business-central",
    name: "Loopback BC",
    config: { tenantId: "contoso.onmicrosoft.com", environment: "Production", companyId: "8b5e0a4c-2f1d-4c3b-9a7e-6d5f4e3c2b1a", baseUrl: UNREACHABLE, tokenUrl: `${UNREACHABLE}/token` },
    secrets: { clientId: "e2e-app-registration", clientSecret: `bc-secret-${uniqueSuffix()}` },
  });
  const installation = await mutate<{ id: string }>(page, "installation.install", { clientId: client.id, templateKey: TEMPLATE_KEY, bindings: { erp: connection.id } });
  return { clientId: client.id, clientName, connectionId: connection.id, installationId: installation.id };
}

/** What the worker's exception triage wrote on the run. */
export interface TTriage {
  label: string;
  confidence: number;
  rationale: string;
  source: string;
  model?: string;
  suggestedAction: string;
}

export interface TFailedRun {
  runId: string;
  purchaseOrderNumber: string;
  triage: TTriage;
}

/**
 * Points the connection at a host that never resolves (.invalid is reserved):
 * a step calling it now fails as retryable, so a run stays running through
 * the step's retries (about three seconds of backoff) before it fails again.
 */
export async function pointAtUnresolvableHost(page: Page, setup: TFailingSetup): Promise<void> {
  await mutate(page, "connection.update", {
    id: setup.connectionId,
    config: { tenantId: "contoso.onmicrosoft.com", environment: "Production", companyId: "8b5e0a4c-2f1d-4c3b-9a7e-6d5f4e3c2b1a", baseUrl: "https://bc.storeflow-e2e.invalid", tokenUrl: "https://login.storeflow-e2e.invalid/token" },
  });
}

/** Starts a run that fails at its first Business Central call, and waits until the worker has triaged it (seconds). */
export async function startFailingRun(page: Page, setup: TFailingSetup): Promise<TFailedRun> {
  const purchaseOrderNumber = `PO-${uniqueSuffix()}`;
  const { runId } = await mutate<{ runId: string }>(page, "installation.start", {
    installationId: setup.installationId,
    input: { purchaseOrderNumber },
    correlationKey: purchaseOrderNumber,
  });
  let triage: TTriage | null = null;
  await expect
    .poll(
      async () => {
        const run = await query<{ status: string; triage: TTriage | null }>(page, "run.get", { runId });
        triage = run.triage;
        return `${run.status}:${run.triage ? "triaged" : "waiting"}`;
      },
      { message: "the run fails and the worker triages it", timeout: 15_000, intervals: [250, 500, 1_000] },
    )
    .toBe("failed:triaged");
  return { runId, purchaseOrderNumber, triage: triage! };
}
