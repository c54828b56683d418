/**
 * The demo: a platform operator, partner Northwind Retail Services with its brand,
 * retail clients Harbor Outfitters (3 stores) and Peak Grocers (5 stores), and one
 * user per role. Safe to run again: every row is found by its natural key first.
 */
import { hashPassword } from "@storeflow/auth";
import { disconnectDbs, getUnsafeAdminDb, type Role } from "@storeflow/db";

export const DEMO_PASSWORD = "Storeflow-demo-2026!";

// The seed creates tenants, which no tenant scope may do: owner connection.
const db = getUnsafeAdminDb();

async function upsertUser(email: string, name: string, passwordHash: string) {
  return db.user.upsert({
    where: { email },
    create: { email, name, passwordHash, emailVerified: new Date() },
    update: {},
    select: { id: true },
  });
}

async function ensureMembership(userId: string, role: Role, partnerId: string | null, clientId: string | null) {
  const existing = await db.membership.findFirst({ where: { userId, partnerId, clientId }, select: { id: true } });
  if (!existing) await db.membership.create({ data: { userId, role, partnerId, clientId } });
}

async function main() {
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  const partner = await db.partner.upsert({
    where: { slug: "northwind" },
    create: {
      slug: "northwind",
      name: "Northwind Retail Services",
      productName: "Northwind Commerce Cloud",
      primaryColor: "#1f4e79",
      accentColor: "#c2410c",
      supportEmail: "support@northwind.test",
      showPoweredBy: true,
    },
    update: {},
    select: { id: true },
  });

  const clients = {
    harbor: { name: "Harbor Outfitters", timezone: "America/New_York", stores: ["Boston Seaport", "Portland Old Port", "Providence Wayland"] },
    peak: { name: "Peak Grocers", timezone: "America/Denver", stores: ["Denver Highlands", "Boulder Pearl", "Aspen Main", "Vail Village", "Golden Table Mesa"] },
  };
  const clientIds: Record<keyof typeof clients, string> = { harbor: "", peak: "" };
  for (const [slug, spec] of Object.entries(clients) as [keyof typeof clients, (typeof clients)[keyof typeof clients]][]) {
    const client = await db.client.upsert({
      where: { partnerId_slug: { partnerId: partner.id, slug } },
      create: { partnerId: partner.id, slug, name: spec.name, timezone: spec.timezone },
      update: {},
      select: { id: true },
    });
    clientIds[slug] = client.id;
    for (const [index, storeName] of spec.stores.entries()) {
      const code = `${slug.toUpperCase()}-${String(index + 1).padStart(3, "0")}`;
      await db.store.upsert({
        where: { clientId_code: { clientId: client.id, code } },
        create: { partnerId: partner.id, clientId: client.id, code, name: storeName, city: storeName.split(" ")[0] },
        update: {},
      });
    }
  }

  const people: { email: string; name: string; role: Role; partnerId: string | null; clientId: string | null; where: string }[] = [
    { email: "platform@storeflow.test", name: "Pat Platform", role: "platform_admin", partnerId: null, clientId: null, where: "Storeflow platform" },
    { email: "owner@northwind.test", name: "Olivia Owner", role: "partner_owner", partnerId: partner.id, clientId: null, where: "Northwind" },
    { email: "admin@northwind.test", name: "Adam Admin", role: "partner_admin", partnerId: partner.id, clientId: null, where: "Northwind" },
    { email: "operator@northwind.test", name: "Oscar Operator", role: "partner_operator", partnerId: partner.id, clientId: null, where: "Northwind" },
    { email: "ops@harbor.test", name: "Hana Harbor", role: "client_admin", partnerId: partner.id, clientId: clientIds.harbor, where: "Harbor Outfitters" },
    { email: "viewer@peak.test", name: "Pete Peak", role: "client_viewer", partnerId: partner.id, clientId: clientIds.peak, where: "Peak Grocers" },
  ];
  for (const person of people) {
    const user = await upsertUser(person.email, person.name, passwordHash);
    await ensureMembership(user.id, person.role, person.partnerId, person.clientId);
  }

  console.log("\nDemo sign-in (password for everyone: %s)", DEMO_PASSWORD);
  console.table(people.map(({ email, role, where }) => ({ email, role, where })));
}

await main().finally(disconnectDbs);
