import { describe, expect, it } from "vitest";
import { describeSchemaFields } from "../schema-form/schema-fields";
import {
  acceptedConnectorsOf,
  bindingsPayloadOf,
  displayValueOf,
  fittingConnections,
  installedTemplatesByClient,
  issueTextOf,
  settingsFieldNames,
  settingsSchemaOf,
  suggestedBindings,
  type TBindableConnection,
  type TTemplateBinding,
} from "./install-form";

const CONNECTORS = [
  { key: "business-central", name: "Business Central" },
  { key: "shopify", name: "Shopify" },
  { key: "woocommerce", name: "WooCommerce" },
  { key: "email", name: "E-mail (SMTP)" },
];

const ERP: TTemplateBinding = { binding: "erp", title: "ERP", description: "", connectors: ["business-central"], optional: false };
const SHOP: TTemplateBinding = { binding: "shop", title: "Web shop", description: "", connectors: ["shopify", "woocommerce"], optional: false };
const MAIL: TTemplateBinding = { binding: "mail", title: "Mail", description: "", connectors: ["email"], optional: true };

function connection(id: string, connectorKey: string, name: string, archived = false): TBindableConnection {
  return { id, name, connectorKey, connectorName: CONNECTORS.find((c) => c.key === connectorKey)!.name, archivedAt: archived ? new Date() : null };
}

const CONNECTIONS = [
  connection("bc-1", "business-central", "Finance BC"),
  connection("shop-2", "woocommerce", "Outlet store"),
  connection("shop-1", "shopify", "Main store"),
  connection("shop-old", "shopify", "Old store", true),
];

describe("fittingConnections", () => {
  it("keeps the live connections of the binding's connectors, by name", () => {
    expect(fittingConnections(SHOP, CONNECTIONS).map((c) => c.id)).toEqual(["shop-1", "shop-2"]);
    expect(fittingConnections(ERP, CONNECTIONS).map((c) => c.id)).toEqual(["bc-1"]);
    expect(fittingConnections(MAIL, CONNECTIONS)).toEqual([]);
  });
});

describe("suggestedBindings", () => {
  it("picks the only fitting connection and leaves a choice between several, or none, to the person", () => {
    expect(suggestedBindings([ERP, SHOP, MAIL], CONNECTIONS)).toEqual({ erp: "bc-1", shop: "", mail: "" });
  });

  it("keeps an installation's current connection while it still fits", () => {
    expect(suggestedBindings([SHOP], CONNECTIONS, { shop: "shop-2" })).toEqual({ shop: "shop-2" });
    expect(suggestedBindings([SHOP], CONNECTIONS, { shop: "shop-old" })).toEqual({ shop: "" });
  });
});

describe("settingsSchemaOf", () => {
  const fields = describeSchemaFields({ type: "object", properties: { threshold: { type: "number", default: 5 } } }, { secret: false });
  const schema = settingsSchemaOf([ERP, MAIL], fields, CONNECTORS);

  it("requires each required binding, naming what fits, and lets an optional one stay empty", () => {
    const result = schema.safeParse({ bindings: { erp: "", mail: "" }, params: { threshold: "5" } });
    expect(result.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["bindings.erp", "Choose the ERP connection (Business Central)"]]);
    expect(schema.safeParse({ bindings: { erp: "bc-1", mail: "" }, params: { threshold: "5" } }).success).toBe(true);
  });

  it("checks the parameters with the schema fields' rules", () => {
    const result = schema.safeParse({ bindings: { erp: "bc-1", mail: "" }, params: { threshold: "lots" } });
    expect(result.error?.issues.map((i) => i.path.join("."))).toEqual(["params.threshold"]);
  });

  it("lists the field names bindings first, then parameters", () => {
    expect([...settingsFieldNames([ERP, MAIL], fields)]).toEqual(["bindings.erp", "bindings.mail", "params.threshold"]);
  });
});

describe("acceptedConnectorsOf", () => {
  it("names the connectors a binding takes", () => {
    expect(acceptedConnectorsOf(ERP, CONNECTORS)).toBe("Business Central");
    expect(acceptedConnectorsOf(SHOP, CONNECTORS)).toBe("Shopify or WooCommerce");
    expect(acceptedConnectorsOf({ connectors: ["shopify", "woocommerce", "square"] }, CONNECTORS)).toBe("Shopify, WooCommerce or square");
  });
});

describe("bindingsPayloadOf", () => {
  it("sends only the chosen bindings", () => {
    expect(bindingsPayloadOf({ erp: "bc-1", mail: "" })).toEqual({ erp: "bc-1" });
  });
});

describe("installedTemplatesByClient", () => {
  it("collects each client's installed template keys, leaving uninstalled ones out", () => {
    const byClient = installedTemplatesByClient([
      { clientId: "c1", templateKey: "inventory-sync", uninstalledAt: null },
      { clientId: "c1", templateKey: "order-routing", uninstalledAt: new Date() },
      { clientId: "c2", templateKey: "order-routing", uninstalledAt: null },
    ]);
    expect([...(byClient.get("c1") ?? [])]).toEqual(["inventory-sync"]);
    expect(byClient.get("c2")?.has("order-routing")).toBe(true);
  });
});

describe("texts", () => {
  const fields = describeSchemaFields(
    {
      type: "object",
      properties: { tolerance: { type: "number", title: "Tolerance" }, post: { type: "boolean" }, stores: { type: "array", items: { type: "object", properties: { name: { type: "string" } } } } },
      required: ["stores"],
    },
    { secret: false },
  );
  const [tolerance, post, stores] = fields as [(typeof fields)[number], (typeof fields)[number], (typeof fields)[number]];

  it("shows parameter values for review", () => {
    expect(displayValueOf(post, true)).toBe("Yes");
    expect(displayValueOf(tolerance, "")).toBe("Not set (the template's default)");
    expect(displayValueOf(stores, "")).toBe("Missing");
    expect(displayValueOf(stores, '[\n  { "name": "Boston" }\n]')).toBe('[{"name":"Boston"}]');
    expect(displayValueOf(tolerance, "2.5")).toBe("2.5");
  });

  it("names a bulk install's issues by the binding's or parameter's title", () => {
    expect(issueTextOf({ path: ["bindings", "erp"], message: "Choose the ERP connection (Business Central)" }, [ERP], fields)).toBe("ERP: Choose the ERP connection (Business Central)");
    expect(issueTextOf({ path: ["params", "stores", "0", "name"], message: "Required" }, [ERP], fields)).toBe("Stores (0.name): Required");
    expect(issueTextOf({ path: ["templateKey"], message: "Already installed" }, [ERP], fields)).toBe("templateKey: Already installed");
  });
});
