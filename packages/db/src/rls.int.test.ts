import { describe, expect, it } from "vitest";
import { withIdentity, withTenant } from "./tenant";
import { isRlsViolation } from "./errors";
import { useTestTenants } from "./test";


const state = useTestTenants();

const TENANT_TABLES = ["partners", "clients", "stores", "memberships", "invitations", "audit_events", "workflow_runs", "step_runs", "workflow_definitions", "workflow_schedules", "approvals", "run_waits", "workflow_events", "client_quota_notices", "client_data_keys", "connections", "connection_secrets", "inbound_webhooks", "installations", "partner_ai_models", "audit_chain_heads"] as const;

describe("row-level security", () => {
  it("the application role cannot bypass it", async () => {
    const [role] = await state.t.db.$queryRaw<{ rolsuper: boolean; rolbypassrls: boolean }[]>`
      select rolsuper, rolbypassrls from pg_roles where rolname = current_user`;
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false });
  });

  it("every table in the schema has row-level security enabled and forced", async () => {
    const tables = await state.t.adminDb.$queryRaw<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }[]>`
      select c.relname, c.relrowsecurity, c.relforcerowsecurity from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r' and c.relname <> '_prisma_migrations'`;
    expect(tables.length).toBeGreaterThanOrEqual(14);
    for (const table of tables) expect(table, table.relname).toMatchObject({ relrowsecurity: true, relforcerowsecurity: true });
  });

  it("without a scope nothing is visible", async () => {
    for (const table of TENANT_TABLES) {
      const rows = await state.t.db.$queryRawUnsafe<unknown[]>(`select * from "${table}"`);
      expect(rows, table).toHaveLength(0);
    }
    expect(await state.t.db.user.count()).toBe(0);
  });

  it("a partner scope sees only its own rows, with no where clause at all", async () => {
    await withTenant(state.t.db, { partnerId: state.tenants.partnerA.id }, async (tx) => {
      const partners = await tx.partner.findMany();
      expect(partners.map((p) => p.id)).toEqual([state.tenants.partnerA.id]);
      const clients = await tx.client.findMany();
      expect(clients.map((c) => c.id).sort()).toEqual([state.tenants.clientA1.id, state.tenants.clientA2.id].sort());
      const stores = await tx.store.findMany();
      expect(stores.every((s) => s.partnerId === state.tenants.partnerA.id)).toBe(true);
      expect(stores).toHaveLength(2);
      const memberships = await tx.membership.findMany();
      expect(memberships.every((m) => m.partnerId === state.tenants.partnerA.id)).toBe(true);
      const users = await tx.user.findMany({ select: { email: true } });
      expect(users.map((u) => u.email)).not.toContain(state.tenants.ownerB.email);
      expect(users).toHaveLength(7);
    });
  });

  it("a client scope cannot see its sibling client's rows", async () => {
    await withTenant(state.t.db, { partnerId: state.tenants.partnerA.id, clientId: state.tenants.clientA1.id }, async (tx) => {
      expect((await tx.client.findMany()).map((c) => c.id)).toEqual([state.tenants.clientA1.id]);
      expect((await tx.store.findMany()).map((s) => s.clientId)).toEqual([state.tenants.clientA1.id]);
      const memberships = await tx.membership.findMany();
      expect(memberships.map((m) => m.clientId)).toEqual([state.tenants.clientA1.id, state.tenants.clientA1.id]);
      expect((await tx.invitation.findMany()).map((i) => i.clientId)).toEqual([state.tenants.clientA1.id]);
      expect(await tx.client.findFirst({ where: { id: state.tenants.clientA2.id } })).toBeNull();
    });
  });

  it("the database itself rejects writes into another tenant", async () => {
    const scopeA = { partnerId: state.tenants.partnerA.id };
    await expect(
      withTenant(state.t.db, scopeA, (tx) => tx.client.create({ data: { partnerId: state.tenants.partnerB.id, slug: "intruder", name: "Intruder" } })),
    ).rejects.toSatisfy(isRlsViolation);
    await expect(
      withTenant(state.t.db, scopeA, (tx) =>
        tx.auditEvent.create({ data: { partnerId: state.tenants.partnerB.id, action: "x", targetType: "x", createdAt: new Date(), seq: 1, prevHash: "x", hash: "x" } }),
      ),
    ).rejects.toSatisfy(isRlsViolation);
    // Moving a row out of scope is a write into another tenant too.
    await expect(
      withTenant(state.t.db, scopeA, (tx) =>
        tx.$executeRaw`update clients set partner_id = ${state.tenants.partnerB.id}::uuid where id = ${state.tenants.clientA1.id}::uuid`,
      ),
    ).rejects.toSatisfy(isRlsViolation);
    // A client scope cannot write into its sibling.
    await expect(
      withTenant(state.t.db, { partnerId: state.tenants.partnerA.id, clientId: state.tenants.clientA1.id }, (tx) =>
        tx.store.create({ data: { partnerId: state.tenants.partnerA.id, clientId: state.tenants.clientA2.id, code: "X1", name: "X" } }),
      ),
    ).rejects.toSatisfy(isRlsViolation);
    // Updates and deletes of invisible rows silently match nothing.
    const updated = await withTenant(state.t.db, scopeA, (tx) => tx.client.updateMany({ where: { id: state.tenants.clientB1.id }, data: { name: "hijacked" } }));
    expect(updated.count).toBe(0);
    const b1 = await state.t.adminDb.client.findUniqueOrThrow({ where: { id: state.tenants.clientB1.id } });
    expect(b1.name).toBe(state.tenants.clientB1.name);
    expect(await state.t.adminDb.client.count({ where: { slug: "intruder" } })).toBe(0);
  });

  it("audit events are append-only for the application", async () => {
    const scopeA = { partnerId: state.tenants.partnerA.id };
    // A bare row (the chain itself is packages/audit's): far from any seq a writer would take.
    const event = await withTenant(state.t.db, scopeA, (tx) =>
      tx.auditEvent.create({ data: { partnerId: state.tenants.partnerA.id, action: "test.recorded", targetType: "test", createdAt: new Date(), seq: 1_000_000, prevHash: "x", hash: "x" } }),
    );
    // UPDATE ... RETURNING meets the table's refusing rule before the privilege check.
    await expect(withTenant(state.t.db, scopeA, (tx) => tx.auditEvent.update({ where: { id: event.id }, data: { action: "tampered" } }))).rejects.toThrow(/permission denied|cannot perform UPDATE RETURNING/i);
    await expect(withTenant(state.t.db, scopeA, (tx) => tx.$executeRaw`update audit_events set action = 'tampered' where id = ${event.id}::uuid`)).rejects.toThrow(/permission denied/i);
    await expect(withTenant(state.t.db, scopeA, (tx) => tx.auditEvent.deleteMany({}))).rejects.toThrow(/permission denied/i);
    // A chain head moves, but the application cannot remove one.
    await withTenant(state.t.db, scopeA, (tx) => tx.auditChainHead.create({ data: { partnerId: state.tenants.partnerA.id, seq: 0, hash: "x" } }));
    await expect(withTenant(state.t.db, scopeA, (tx) => tx.auditChainHead.deleteMany({}))).rejects.toThrow(/permission denied/i);
    await expect(withTenant(state.t.db, scopeA, (tx) => tx.auditChainHead.create({ data: { partnerId: state.tenants.partnerB.id, seq: 0, hash: "x" } }))).rejects.toSatisfy(isRlsViolation);
  });

  it("the scope does not leak to the next transaction on a pooled connection", async () => {
    await withTenant(state.t.db, { partnerId: state.tenants.partnerA.id }, (tx) => tx.client.count());
    expect(await state.t.db.client.count()).toBe(0);
  });

  it("the identity scope reads users but not tenant data", async () => {
    await withIdentity(state.t.db, async (tx) => {
      expect(await tx.user.count()).toBe(10);
      expect(await tx.store.count()).toBe(0);
      expect(await tx.auditEvent.count()).toBe(0);
    });
  });

  it("rejects a scope that is not a UUID before reaching SQL", async () => {
    await expect(withTenant(state.t.db, { partnerId: "' or 1=1 --" }, (tx) => tx.client.count())).rejects.toThrow(TypeError);
  });
});
