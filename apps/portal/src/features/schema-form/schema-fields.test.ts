import { builtInConnectors } from "@storeflow/connectors";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { configPayloadOf, defaultValuesOf, describeSchemaFields, formValuesOf, labelOf, secretsPayloadOf, valuesSchemaOf, type TSchemaField } from "./schema-fields";

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
    { key: "domain", label: "Domain", description: undefined, required: true, defaultValue: "", kind: "text", inputType: "text", pattern: undefined, maxLength: undefined, multiline: false },
    { key: "port", label: "Port", description: undefined, required: false, defaultValue: "", kind: "number", integer: true, min: undefined, max: undefined },
    { key: "auth", label: "Auth", description: undefined, required: false, defaultValue: "", kind: "json", shape: "any", example: undefined },
    { key: "stores", label: "Stores", description: undefined, required: false, defaultValue: "", kind: "json", shape: "array", example: undefined },
  ];

  it("names a missing required field, a fractional integer and broken JSON, each on its own path", () => {
    const result = valuesSchemaOf(fields).safeParse({ domain: "  ", port: "1.5", auth: "{ kind: none }", stores: "" });
    expect(result.success).toBe(false);
    const byPath = Object.fromEntries(result.error!.issues.map((i) => [i.path.join("."), i.message]));
    expect(byPath.domain).toBe("Domain is required");
    expect(byPath.port).toBe("Enter a whole number");
    expect(byPath.auth).toMatch(/^Not valid JSON: /);
  });

  it("accepts empty optional fields", () => {
    expect(valuesSchemaOf(fields).safeParse({ domain: "a", port: "", auth: "", stores: "" }).success).toBe(true);
  });

  it("wants the JSON of an array field to be a list, and of a union anything that parses", () => {
    const result = valuesSchemaOf(fields).safeParse({ domain: "a", port: "", auth: "42", stores: '{ "name": "x" }' });
    expect(result.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["stores", "Write a JSON list: [ … ]"]]);
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

// Template parameters arrive the same way: z.toJSONSchema(params, { io: "input" }).
function paramFieldsOf(schema: z.ZodType): TSchemaField[] {
  return describeSchemaFields(z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>, { secret: false });
}

describe("template parameters", () => {
  const ZParams = z.object({
    priceTolerancePercent: z.number().min(0).max(100).default(2).meta({ title: "Price tolerance (%)", description: "Above the PO price." }),
    deadlineHours: z.number().positive().default(48),
    postMatched: z.boolean().default(true),
    body: z.string().min(1).max(5000).default("Hi {customerName},\n\nThanks."),
    subject: z.string().max(200).default("Your order"),
    stores: z.array(z.object({ location: z.string().min(1), latitude: z.number().min(-90), pickup: z.boolean().default(true) })).min(1),
    items: z.record(z.string(), z.object({ vendorNumber: z.string(), packSize: z.int().min(1).default(1) })),
    skus: z.array(z.string()).default([]),
    timeZone: z.string().optional(),
  });
  const fields = paramFieldsOf(ZParams);

  it("takes titles, descriptions and defaults from the schema; only fields without a default are required", () => {
    expect(field(fields, "priceTolerancePercent")).toMatchObject({ kind: "number", label: "Price tolerance (%)", description: "Above the PO price.", required: false, min: 0, max: 100, defaultValue: "2" });
    expect(field(fields, "postMatched")).toMatchObject({ kind: "checkbox", defaultValue: true });
    expect(field(fields, "stores")).toMatchObject({ kind: "json", required: true, shape: "array" });
    expect(field(fields, "timeZone")).toMatchObject({ kind: "text", required: false, defaultValue: "" });
  });

  it("edits long or multi-line text in a textarea and short text in an input", () => {
    expect(field(fields, "body")).toMatchObject({ kind: "text", multiline: true, defaultValue: "Hi {customerName},\n\nThanks." });
    expect(field(fields, "subject")).toMatchObject({ kind: "text", multiline: false });
  });

  it("shows a skeleton of an array of objects and of a record of objects, and none for a list of strings", () => {
    expect(JSON.parse((field(fields, "stores") as { example: string }).example)).toEqual([{ location: "", latitude: -90, pickup: true }]);
    expect(JSON.parse((field(fields, "items") as { example: string }).example)).toEqual({ KEY: { vendorNumber: "", packSize: 1 } });
    expect(field(fields, "items")).toMatchObject({ shape: "object" });
    expect(field(fields, "skus")).toMatchObject({ kind: "json", example: undefined, defaultValue: "[]" });
  });

  it("prefills saved parameters, falling back to defaults, and sends them back unchanged", () => {
    const saved = { priceTolerancePercent: 3.5, deadlineHours: 24, postMatched: false, body: "Hello\nthere", subject: "Hi", stores: [{ location: "Boston", latitude: 42.3, pickup: true }], items: { A1: { vendorNumber: "V1", packSize: 6 } }, skus: ["S-1"] };
    const values = formValuesOf(fields, saved);
    expect(values).toMatchObject({ priceTolerancePercent: "3.5", postMatched: false, timeZone: "" });
    expect(JSON.parse(values.stores as string)).toEqual(saved.stores);
    expect(valuesSchemaOf(fields).safeParse(values).success).toBe(true);
    expect(configPayloadOf(fields, values)).toEqual(saved);
  });

  it("describes every built-in template's parameters, each field with a label", async () => {
    const { builtInTemplates } = await import("@storeflow/templates");
    for (const template of builtInTemplates.latest()) {
      const described = paramFieldsOf(template.params as z.ZodType);
      expect(described.length).toBeGreaterThan(0);
      for (const f of described) expect(f.label).not.toBe("");
    }
  });
});
