/**
 * The audit hash chain against the real database: both writers append to one
 * chain per partner, concurrent writers serialise on the chain head, the
 * database refuses to rewrite events, and verify (function and script) reports
 * exactly the rows an attacker with owner rights changed or deleted.
 */
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type TTenantScope, withTenant } from "@storeflow/db";
import { useTestTenants } from "@storeflow/db/test";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AUDIT_GENESIS_HASH, recordAudit, recordAuditOn, verifyAuditChain } from "./index";

const state = useTestTenants();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
let app: pg.Pool;
let system: pg.Pool;

beforeAll(() => {
  app = new pg.Pool({ connectionString: state.t.appUrl, max: 4 });
  system = new pg.Pool({ connectionString: state.t.appUrl, options: "-c app.system=on", max: 2 });
});
afterAll(async () => {
  await app?.end();
  await system?.end();
});

async function newPartner(): Promise<string> {
  const tag = randomUUID().slice(0, 8);
  const partner = await state.t.adminDb.partner.create({ data: { slug: `chain-${tag}`, name: `Chain ${tag}`, productName: "Chain", supportEmail: `a@chain-${tag}.test` }, select: { id: true } });
  return partner.id;
}

/** Through Prisma, in the scope's transaction; `holdMs` keeps the transaction (and the head lock) open. */
function auditWithPrisma(scope: TTenantScope, action: string, data: Record<string, unknown> = {}, holdMs = 0) {
  return withTenant(state.t.db, scope, async (tx) => {
    await recordAudit({ tx, scope, action, target: { type: "test", id: action }, data });
    if (holdMs) await new Promise((r) => setTimeout(r, holdMs));
  });
}

/** Through a raw pg connection in the scope (or the system scope with `system`). */
async function auditWithPg(scope: TTenantScope, action: string, { data = {} as Record<string, unknown>, holdMs = 0, viaSystem = false } = {}) {
  const client = await (viaSystem ? system : app).connect();
  try {
    await client.query("begin");
    if (!viaSystem) await client.query("select set_config('app.partner_id', $1, true), set_config('app.client_id', $2, true)", [scope.partnerId, scope.clientId ?? ""]);
    await recordAuditOn(client, { scope, action, target: { type: "test", id: action }, data });
    if (holdMs) await new Promise((r) => setTimeout(r, holdMs));
    await client.query("commit");
  } catch (error) {
    await client.query("rollback");
    throw error;
  } finally {
    client.release();
  }
}

const chainOf = (partnerId: string) =>
  state.t.adminDb.auditEvent.findMany({ where: { partnerId }, orderBy: { seq: "asc" }, select: { id: true, seq: true, prevHash: true, hash: true, action: true, clientId: true } });
const headOf = (partnerId: string) => state.t.adminDb.auditChainHead.findUnique({ where: { partnerId } });

function expectLinked(chain: { seq: number; prevHash: string; hash: string }[]) {
  expect(chain.map((e) => e.seq)).toEqual(chain.map((_, i) => i + 1));
  chain.forEach((e, i) => expect(e.prevHash, `prev_hash of #${e.seq}`).toBe(i === 0 ? AUDIT_GENESIS_HASH : chain[i - 1]!.hash));
}

/** As an attacker with the owner's rights: past the rules, then put them back. */
async function asOwnerPastTheRules(sql: string, ...values: unknown[]) {
  const { adminDb } = state.t;
  await adminDb.$executeRawUnsafe("alter table audit_events disable rule audit_events_refuse_update, disable rule audit_events_refuse_delete");
  try {
    return await adminDb.$executeRawUnsafe(sql, ...values);
  } finally {
    await adminDb.$executeRawUnsafe("alter table audit_events enable rule audit_events_refuse_update, enable rule audit_events_refuse_delete");
  }
}

const execFileAsync = promisify(execFile);
async function runVerifyScript(): Promise<{ code: number; lines: Record<string, unknown>[] }> {
  const env = { ...process.env, APP_DATABASE_URL: state.t.appUrl };
  const result = await execFileAsync(path.join(root, "node_modules/.bin/tsx"), ["scripts/audit-verify.ts"], { cwd: root, env }).then(
    (r) => ({ code: 0, stdout: r.stdout }),
    (e: { code?: number; stdout?: string }) => ({ code: e.code ?? -1, stdout: e.stdout ?? "" }),
  );
  return { code: result.code, lines: result.stdout.trim().split("\n").filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe("audit hash chain", () => {
  it("links each partner's events, from every writer and scope, into one chain", async () => {
    const { partnerA, partnerB, clientA1, usersA } = state.tenants;
    await auditWithPrisma({ partnerId: partnerA.id, userId: usersA.partner_owner.id }, "a.one", { n: 1 });
    await auditWithPg({ partnerId: partnerA.id, clientId: clientA1.id }, "a.two");
    await auditWithPrisma({ partnerId: partnerA.id, clientId: clientA1.id }, "a.three");
    await auditWithPg({ partnerId: partnerA.id }, "a.four", { viaSystem: true });
    await auditWithPrisma({ partnerId: partnerB.id }, "b.one");

    const chainA = await chainOf(partnerA.id);
    expect(chainA.map((e) => e.action)).toEqual(["a.one", "a.two", "a.three", "a.four"]);
    expectLinked(chainA);
    expect(await headOf(partnerA.id)).toEqual({ partnerId: partnerA.id, seq: 4, hash: chainA[3]!.hash });
    expectLinked(await chainOf(partnerB.id));

    expect(await verifyAuditChain({ db: system })).toEqual({ ok: true, checked: 5, breaks: [] });
    // The API's way: the caller's partner scope, through Prisma.
    const inScope = await withTenant(state.t.db, { partnerId: partnerA.id }, (tx) => verifyAuditChain({ db: tx, partnerId: partnerA.id }));
    expect(inScope).toEqual({ ok: true, checked: 4, breaks: [] });
  });

  it("hashes exactly what the SQL form used by the backfill hashes, whatever the data", async () => {
    const partnerId = await newPartner();
    const tricky = { zz: 1, a: [1.0, 1e21, 0.1, -0, 2 ** 53], "é": { nested: "quote \" backslash \\ ctrl \u0001 tab \t emoji 😀" }, bb: null, when: new Date("2026-01-02T03:04:05.678Z") };
    await auditWithPrisma({ partnerId }, "tricky \"action\"\nü", tricky);
    await auditWithPg({ partnerId }, "tricky.pg", { data: tricky });
    const rows = await state.t.adminDb.$queryRaw<{ same: boolean }[]>`
      select hash = audit_event_hash(id, partner_id, client_id, actor_user_id, action, target_type, target_id, data, created_at, seq, prev_hash) as same
      from audit_events where partner_id = ${partnerId}::uuid`;
    expect(rows).toEqual([{ same: true }, { same: true }]);
    expect((await verifyAuditChain({ db: system, partnerId })).ok).toBe(true);
  });

  it("serialises concurrent writers of one partner into a gap-free chain", async () => {
    const partnerId = await newPartner();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 2 ? auditWithPrisma({ partnerId }, `concurrent.${i}`, { i }, 20) : auditWithPg({ partnerId }, `concurrent.${i}`, { data: { i }, holdMs: 20 }),
      ),
    );
    const chain = await chainOf(partnerId);
    expect(chain).toHaveLength(20);
    expectLinked(chain);
    expect(new Set(chain.map((e) => e.action)).size).toBe(20);
    expect((await headOf(partnerId))?.seq).toBe(20);
    expect(await verifyAuditChain({ db: system, partnerId })).toEqual({ ok: true, checked: 20, breaks: [] });
  });

  it("refuses updates and deletes, even from the owner", async () => {
    const { partnerA } = state.tenants;
    const [event] = await chainOf(partnerA.id);
    const scope = { partnerId: partnerA.id };
    await expect(withTenant(state.t.db, scope, (tx) => tx.$executeRaw`update audit_events set data = '{}' where id = ${event!.id}::uuid`)).rejects.toThrow(/permission denied/);
    await expect(withTenant(state.t.db, scope, (tx) => tx.$executeRaw`delete from audit_events where id = ${event!.id}::uuid`)).rejects.toThrow(/permission denied/);
    await expect(withTenant(state.t.db, scope, (tx) => tx.$executeRaw`delete from audit_chain_heads`)).rejects.toThrow(/permission denied/);
    await expect(state.t.adminDb.$executeRaw`update audit_events set data = '{}' where id = ${event!.id}::uuid`).rejects.toThrow(/append-only: refused to update/);
    await expect(state.t.adminDb.$executeRaw`delete from audit_events where id = ${event!.id}::uuid`).rejects.toThrow(/append-only: refused to delete/);
    expect((await chainOf(partnerA.id))[0]).toEqual(event);
  });

  it("reports an edited row, and only that row; pnpm audit:verify exits 1 for it", async () => {
    const tampered = await newPartner();
    const untouched = await newPartner();
    for (let i = 1; i <= 5; i++) await auditWithPrisma({ partnerId: tampered }, `t.${i}`, { amount: i });
    for (let i = 1; i <= 3; i++) await auditWithPg({ partnerId: untouched }, `u.${i}`, { data: { amount: i } });
    const clean = await runVerifyScript();
    expect(clean.code).toBe(0);
    expect(clean.lines).toEqual([{ ok: true, checked: expect.any(Number), breaks: 0 }]);

    const victim = (await chainOf(tampered))[2]!;
    expect(await asOwnerPastTheRules(`update audit_events set data = '{"amount": 3000}' where id = $1::uuid`, victim.id)).toBe(1);

    const report = await verifyAuditChain({ db: system });
    expect(report.breaks).toEqual([{ partnerId: tampered, seq: 3, id: victim.id, problem: "hash mismatch" }]);
    expect(report.ok).toBe(false);
    expect(await verifyAuditChain({ db: system, partnerId: untouched })).toEqual({ ok: true, checked: 3, breaks: [] });

    const script = await runVerifyScript();
    expect(script.code).toBe(1);
    expect(script.lines).toEqual([
      { partnerId: tampered, seq: 3, id: victim.id, problem: "hash mismatch" },
      { ok: false, checked: report.checked, breaks: 1 },
    ]);

    // An attacker who also recomputes the row's hash breaks the next link instead.
    await asOwnerPastTheRules(
      `update audit_events set hash = audit_event_hash(id, partner_id, client_id, actor_user_id, action, target_type, target_id, data, created_at, seq, prev_hash) where id = $1::uuid`,
      victim.id,
    );
    const next = (await chainOf(tampered))[3]!;
    expect((await verifyAuditChain({ db: system, partnerId: tampered })).breaks).toEqual([{ partnerId: tampered, seq: 4, id: next.id, problem: "prev_hash mismatch" }]);
  });

  it("reports a deleted row as a gap at its seq, and a deleted tail against the head", async () => {
    const partnerId = await newPartner();
    for (let i = 1; i <= 5; i++) await auditWithPg({ partnerId }, `d.${i}`);
    const chain = await chainOf(partnerId);
    expect(await asOwnerPastTheRules("delete from audit_events where id = $1::uuid", chain[1]!.id)).toBe(1);
    expect(await verifyAuditChain({ db: system, partnerId })).toEqual({ ok: false, checked: 4, breaks: [{ partnerId, seq: 2, id: null, problem: "gap", missing: 1 }] });

    await asOwnerPastTheRules("delete from audit_events where partner_id = $1::uuid and seq >= 4", partnerId);
    expect((await verifyAuditChain({ db: system, partnerId })).breaks).toEqual([
      { partnerId, seq: 2, id: null, problem: "gap", missing: 1 },
      { partnerId, seq: 4, id: null, problem: "gap", missing: 2 },
    ]);
    // The chain goes on from its head: the next event is #6, and the gaps stay reported.
    await auditWithPrisma({ partnerId }, "d.6");
    expect((await chainOf(partnerId)).map((e) => e.seq)).toEqual([1, 3, 6]);
  });

  it("reports a chain whose head was removed", async () => {
    const partnerId = await newPartner();
    await auditWithPrisma({ partnerId }, "h.1");
    await auditWithPrisma({ partnerId }, "h.2");
    const [, last] = await chainOf(partnerId);
    await state.t.adminDb.auditChainHead.delete({ where: { partnerId } });
    expect((await verifyAuditChain({ db: system, partnerId })).breaks).toEqual([{ partnerId, seq: 2, id: last!.id, problem: "missing head" }]);
  });
});
