/**
 * Bad input to every mutation, generated from the router: each is sent through
 * the real HTTP handler with a missing body and with each field of its valid
 * sample replaced by a value of the wrong type. Every answer must be a typed
 * BAD_REQUEST naming the field, and no table may change.
 */
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { appRouter } from "./root";
import { contextFor, listProcedures, targetsOf, useApiTenants } from "./test/harness";

const state = useApiTenants();

async function post(path: string, input: unknown) {
  const owner = state.tenants.usersA.partner_owner;
  const response = await fetchRequestHandler({
    endpoint: "/api/trpc",
    router: appRouter,
    req: new Request(`http://localhost/api/trpc/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(superjson.serialize(input)),
    }),
    createContext: () => contextFor({ db: state.t.db, adminDb: state.t.adminDb, store: state.store, user: owner }),
  });
  const body = (await response.json()) as { error?: { json: { data: { code: string; issues: { path: string[] }[] | null } } } };
  return { status: response.status, error: body.error?.json };
}

async function tableCounts(): Promise<Record<string, number>> {
  const rows = await state.t.adminDb.$queryRaw<{ table_name: string }[]>`
    select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`;
  const counts: Record<string, number> = {};
  for (const { table_name } of rows) {
    const [{ n }] = (await state.t.adminDb.$queryRawUnsafe(`select count(*)::int as n from "${table_name}"`)) as [{ n: number }];
    counts[table_name] = n;
  }
  return counts;
}

const WRONG_TYPE = { not: ["the", "right", "type"] };
const mutations = listProcedures().filter((p) => p.type === "mutation");

describe("bad input to mutations", () => {
  it("finds the mutations", () => expect(mutations.length).toBeGreaterThanOrEqual(8));

  for (const proc of mutations) {
    it(`${proc.path} refuses bad input with field issues and writes nothing`, async () => {
      const before = await tableCounts();
      const sample = proc.meta.sample!(targetsOf(state.tenants).own) as Record<string, unknown>;

      const missing = await post(proc.path, undefined);
      expect(missing.status, `${proc.path} without input`).toBe(400);
      expect(missing.error?.data.code).toBe("BAD_REQUEST");

      for (const field of Object.keys(sample)) {
        const result = await post(proc.path, { ...sample, [field]: WRONG_TYPE });
        expect(result.status, `${proc.path} with bad ${field}`).toBe(400);
        expect(result.error?.data.code).toBe("BAD_REQUEST");
        expect(result.error?.data.issues?.map((i) => i.path[0]), `${proc.path} names ${field}`).toContain(field);
      }
      expect(await tableCounts()).toEqual(before);
    });
  }

  it("domain validation is typed too: an unknown time zone names the field", async () => {
    const before = await tableCounts();
    const result = await post("client.create", { name: "Zone Test", timezone: "Mars/Olympus" });
    expect(result.status).toBe(400);
    expect(result.error?.data.issues?.[0]?.path).toEqual(["timezone"]);
    expect(await tableCounts()).toEqual(before);
  });

  it("a duplicate short name is a CONFLICT naming the field, and writes nothing", async () => {
    await post("client.create", { name: "Twin Retail" });
    const before = await tableCounts();
    const result = await post("client.create", { name: "Twin Retail" });
    expect(result.status).toBe(409);
    expect(result.error?.data.issues?.[0]?.path).toEqual(["slug"]);
    expect(await tableCounts()).toEqual(before);
  });
});
