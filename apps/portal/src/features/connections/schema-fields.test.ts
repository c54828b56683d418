import { builtInConnectors } from "@storeflow/connectors";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { configPayloadOf, defaultValuesOf, describeSchemaFields, labelOf, secretsPayloadOf, valuesSchemaOf, type TSchemaField } from "./schema-fields";

// The schemas exactly as connection.connectors sends them to the portal.
function fieldsOf(key: string, part: "config" | "secrets"): TSchemaField[] {
  const connector = builtInConnectors.get(key);
  if (!connector) throw new Error(`no connector ${key}`);
  const schema = z.toJSONSchema(connector[part], { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  return describeSchemaFields(schema, { secret: part === "secrets" });
}

function field(fields: TSchemaField[], key: string): TSchemaField {
  const found = fields.find((f) => f.key === key);
  if (!found) throw new Error(`no field ${key} in ${fields.map((f) => f.key).join(", ")}`);
  return found;
}

describe("describeSchemaFields", () => {
  it("renders Shopify's settings as text inputs, with the required domain, the default version and a URL input", () => {
    const fields = fieldsOf("shopify", "config");
    expect(fields.map((f) => f.key)).toEqual(["shopDomain", "apiVersion", "baseUrl"]);
    expect(field(fields, "shopDomain")).toMatchObject({ kind: "text", label: "Shop domain", required: true, inputType: "text", defaultValue: "" });
    expect(field(fields, "apiVersion")).toMatchObject({ kind: "text", label: "API version", required: false, defaultValue: "2026-01", pattern: "^\\d{4}-(01|04|07|10)$" });
    expect(field(fields, "baseUrl")).toMatchObject({ kind: "text", label: "Base URL", inputType: "url", required: false });
  });

  it("passes on only patterns the browser compiles (it uses the v flag, where a bare - in a class is an error)", () => {
    expect(field(fieldsOf("shopify", "config"), "shopDomain")).toHaveProperty("pattern", undefined);
  });

  it("makes every secret a never-prefilled secret field, keeping which are required", () => {
    const fields = fieldsOf("shopify", "secrets");
    expect(fields).toEqual([
      { key: "accessToken", label: "Access token", description: undefined, required: true, kind: "secret", defaultValue: "" },
      { key: "clientSecret", label: "Client secret", description: undefined, required: false, kind: "secret", defaultValue: "" },
    ]);
  });

  it("turns an enum into a select and an integer into a bounded number input, both prefilled from their defaults", () => {
    const fields = fieldsOf("square", "config");
    expect(field(fields, "environment")).toMatchObject({ kind: "select", options: ["production", "sandbox"], defaultValue: "production" });
    expect(field(fields, "webhookToleranceSeconds")).toMatchObject({ kind: "number", integer: true, min: 30, max: 86400, defaultValue: "300" });
  });

  it("turns booleans into checkboxes and an exclusive minimum of an integer into the next whole number", () => {
    expect(field(fieldsOf("email", "config"), "secure")).toMatchObject({ kind: "checkbox", required: true, defaultValue: false });
    expect(field(fieldsOf("shipbob", "config"), "channelId")).toMatchObject({ kind: "number", integer: true, min: 1, required: true });
  });

  it("falls back to a JSON field for objects and unions", () => {
    const fields = fieldsOf("http", "config");
    expect(field(fields, "auth")).toMatchObject({ kind: "json", required: true });
    expect(field(fields, "defaultHeaders")).toMatchObject({ kind: "json", required: false });
  });

  it("describes every built-in connector without throwing, each field with a label", () => {
    for (const connector of builtInConnectors.list()) {
      for (const f of [...fieldsOf(connector.key, "config"), ...fieldsOf(connector.key, "secrets")]) expect(f.label).not.toBe("");
    }
  });
});

describe("valuesSchemaOf", () => {
  const fields: TSchemaField[] = [
    { key: "domain", label: "Domain", description: undefined, required: true, defaultValue: "", kind: "text", inputType: "text", pattern: undefined, maxLength: undefined },
    { key: "port", label: "Port", description: undefined, required: false, defaultValue: "", kind: "number", integer: true, min: undefined, max: undefined },
    { key: "auth", label: "Auth", description: undefined, required: false, defaultValue: "", kind: "json" },
  ];

  it("names a missing required field, a fractional integer and broken JSON, each on its own path", () => {
    const result = valuesSchemaOf(fields).safeParse({ domain: "  ", port: "1.5", auth: "{ kind: none }" });
    expect(result.success).toBe(false);
    const byPath = Object.fromEntries(result.error!.issues.map((i) => [i.path.join("."), i.message]));
    expect(byPath.domain).toBe("Domain is required");
    expect(byPath.port).toBe("Enter a whole number");
    expect(byPath.auth).toMatch(/^Not valid JSON: /);
  });

  it("accepts empty optional fields", () => {
    expect(valuesSchemaOf(fields).safeParse({ domain: "a", port: "", auth: "" }).success).toBe(true);
  });
});

describe("payloads", () => {
  it("leaves out empty optional settings, parses numbers and JSON, trims text and always sends checkboxes", () => {
    const fields = [...fieldsOf("square", "config"), ...fieldsOf("http", "config")];
    const values = { ...defaultValuesOf(fields), locationId: "  L1 ", webhookToleranceSeconds: "600", auth: '{ "kind": "bearer" }', baseUrl: "" };
    expect(configPayloadOf(fields, values)).toEqual({ environment: "production", locationId: "L1", squareVersion: "2025-10-16", webhookToleranceSeconds: 600, auth: { kind: "bearer" } });
    expect(configPayloadOf(fieldsOf("email", "config"), { secure: false })).toEqual({ secure: false, requireTls: false });
  });

  it("sends secrets as typed and drops the empty optional ones", () => {
    expect(secretsPayloadOf(fieldsOf("shopify", "secrets"), { accessToken: " shpat_x ", clientSecret: "" })).toEqual({ accessToken: " shpat_x " });
  });
});

describe("labelOf", () => {
  it("splits camel case and keeps acronyms", () => {
    expect(labelOf("webhookNotificationUrl")).toBe("Webhook notification URL");
    expect(labelOf("clientId")).toBe("Client ID");
    expect(labelOf("personalAccessToken")).toBe("Personal access token");
  });
});
