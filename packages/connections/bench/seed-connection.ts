import { builtInConnectors } from "@storeflow/connectors";
import { type TDb } from "@storeflow/db";
import { keyRingFromEnv } from "@storeflow/secrets";
import { randomBytes } from "node:crypto";
import { createConnection } from "../src/connections";

/** The benchmark's tenant and its Shopify connection, with what a vendor needs to sign for it. */
export interface TBenchConnection {
  partnerId: string;
  clientId: string;
  connectionId: string;
  /** From the connection's webhook URL, /api/hooks/<token>. */
  webhookToken: string;
  webhookPath: string;
  /** The Shopify app's client secret the deliveries are signed with. */
  clientSecret: string;
  shopDomain: string;
}

/** Options for {@link seedShopifyConnection}. */
export interface SeedShopifyConnectionOptions {
  /** Owner login: the partner, client and user are fixtures, made directly. */
  adminDb: TDb;
  /** storeflow_app login: the connection is made as the partner's owner would make it. */
  db: TDb;
}

/**
 * A partner with one client and its owner, then a Shopify connection made through
 * createConnection, so the secret is sealed under the KEK the portal unwraps with.
 */
export async function seedShopifyConnection({ adminDb, db }: SeedShopifyConnectionOptions): Promise<TBenchConnection> {
  const tag = randomBytes(4).toString("hex");
  const partner = await adminDb.partner.create({
    data: { slug: `bench-${tag}`, name: `Bench ${tag}`, productName: "Bench Cloud", supportEmail: `help@bench-${tag}.test` },
    select: { id: true },
  });
  const client = await adminDb.client.create({ data: { partnerId: partner.id, slug: `shop-${tag}`, name: `Shop ${tag}` }, select: { id: true } });
  const user = await adminDb.user.create({ data: { email: `owner-${tag}@bench.test`, name: "Bench owner" }, select: { id: true } });
  await adminDb.membership.create({ data: { userId: user.id, partnerId: partner.id, role: "partner_owner" } });
  const clientSecret = `shpss_${randomBytes(16).toString("hex")}`;
  const shopDomain = `bench-${tag}.myshopify.com`;
  const connection = await createConnection({
    actor: { db, scope: { partnerId: partner.id, userId: user.id }, role: "partner_owner" },
    catalog: builtInConnectors,
    ring: keyRingFromEnv(),
    input: {
      clientId: client.id,
      connectorKey: "shopify",
      name: "Bench shop",
      config: { shopDomain },
      secrets: { accessToken: `shpat_${randomBytes(16).toString("hex")}`, clientSecret },
    },
  });
  const webhookPath = connection.webhookPath;
  if (!webhookPath) throw new Error("the Shopify connector has no webhook URL");
  return { partnerId: partner.id, clientId: client.id, connectionId: connection.id, webhookToken: webhookPath.split("/").pop()!, webhookPath, clientSecret, shopDomain };
}
