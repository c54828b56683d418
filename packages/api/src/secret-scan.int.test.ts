/**
 * Secrets typed into the portal exist in plaintext nowhere but the request that
 * carried them: not in any API response, not in anything logged, and not in any
 * column of any table (JSON or otherwise). Drives the connection API through the
 * real HTTP handler, a signed webhook through the ingress and its relay, then
 * scans every row of every table as text.
 */
import { acceptWebhook, publishInboundWebhooks } from "@storeflow/connections";
import { canarySecret, signBody } from "@storeflow/connectors/test";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { randomBytes } from "node:crypto";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { appRouter } from "./root";
import { contextFor, stepRecorder, testConnectors, testKeyRing, useApiTenants } from "./test/harness";

const state = useApiTenants();
const apiKey = canarySecret("scan-api");
const webhookSecret = canarySecret("scan-whsec");
const rotatedKey = `scan-rotated-${randomBytes(16).toString("hex")}`;
const PLAINTEXTS = [apiKey, webhookSecret, rotatedKey];

const responses: string[] = [];
const logged: string[] = [];
const spies: { mockRestore(): void }[] = [];

beforeAll(() => {
  for (const method of ["log", "info", "warn", "error", "debug"] as const) {
    const original = console[method].bind(console);
    spies.push(vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      logged.push(args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" "));
      original(...args);
    }));
  }
});
afterAll(() => spies.forEach((spy) => spy.mockRestore()));

async function call(path: string, input: unknown, type: "query" | "mutation") {
  const owner = state.tenants.usersA.partner_owner;
  const url = type === "query" ? `http://localhost/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}` : `http://localhost/api/trpc/${path}`;
  const response = await fetchRequestHandler({
    endpoint: "/api/trpc",
    router: appRouter,
    req: new Request(url, type === "query" ? {} : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(superjson.serialize(input)) }),
    createContext: () => contextFor({ db: state.t.db, adminDb: state.t.adminDb, store: state.store, user: owner }),
  });
  const text = await response.text();
  responses.push(text);
  expect(response.status, `${path}: ${text}`).toBe(200);
  return superjson.deserialize<Record<string, unknown>>((JSON.parse(text) as { result: { data: never } }).result.data);
}

async function everyRowAsText(): Promise<string> {
  const tables = await state.t.adminDb.$queryRaw<{ table_name: string }[]>`
    select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`;
  const parts: string[] = [];
  for (const { table_name } of tables) {
    const rows = await state.t.adminDb.$queryRawUnsafe<{ t: string }[]>(`select t::text as t from "${table_name}" t`);
    parts.push(...rows.map((r) => r.t));
  }
  expect(tables.length).toBeGreaterThan(15);
  return parts.join("\n");
}

describe("secret handling end to end", () => {
  it("no plaintext secret in responses, logs or any table", async () => {
    const clientId = state.tenants.clientA1.id;
    const created = await call("connection.create", { clientId, connectorKey: "signed-test", name: "Scanned store", config: { storeName: "Scan" }, secrets: { apiKey, webhookSecret } }, "mutation");
    await call("connection.list", { clientId }, "query");
    await call("connection.get", { id: created.id }, "query");
    // A refused replacement must not echo the value it refused either.
    const refused = await fetchRequestHandler({
      endpoint: "/api/trpc",
      router: appRouter,
      req: new Request("http://localhost/api/trpc/connection.replaceSecrets", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(superjson.serialize({ id: created.id, secrets: { apiKey: rotatedKey } })) }),
      createContext: () => contextFor({ db: state.t.db, adminDb: state.t.adminDb, store: state.store, user: state.tenants.usersA.partner_owner }),
    });
    responses.push(await refused.text());
    expect(refused.status).toBe(400);
    await call("connection.replaceSecrets", { id: created.id, secrets: { apiKey: rotatedKey, webhookSecret } }, "mutation");

    const token = String(created.webhookPath).split("/").pop()!;
    const rawBody = JSON.stringify({ id: "scan-1", order: "order-scan-1" });
    const request = { headers: { "x-test-signature": signBody(rawBody, webhookSecret) }, rawBody, url: `http://portal.test${String(created.webhookPath)}`, receivedAt: new Date() };
    const accepted = await acceptWebhook({ db: state.store.pool, catalog: testConnectors, ring: testKeyRing, token, request });
    responses.push(JSON.stringify(accepted));
    expect(await publishInboundWebhooks({ store: state.store, publisher: stepRecorder })).toBeGreaterThanOrEqual(1);

    const haystacks = { responses: responses.join("\n"), logs: logged.join("\n"), database: await everyRowAsText() };
    // The scan itself must be able to see things: the connection's own name is everywhere.
    expect(haystacks.responses).toContain("Scanned store");
    expect(haystacks.database).toContain("Scanned store");
    for (const [where, text] of Object.entries(haystacks)) {
      for (const secret of PLAINTEXTS) {
        expect(text.includes(secret), `${where} holds a plaintext secret`).toBe(false);
        expect(text.includes(Buffer.from(secret).toString("hex")), `${where} holds a secret as hex`).toBe(false);
        expect(text.includes(Buffer.from(secret).toString("base64")), `${where} holds a secret as base64`).toBe(false);
      }
    }
  });
});
