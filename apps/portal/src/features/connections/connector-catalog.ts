import { type RouterOutputs } from "@storeflow/api";
import { describeSchemaFields, type TSchemaField } from "@/features/schema-form/schema-fields";

export type TConnector = RouterOutputs["connection"]["connectors"][number];
export type TConnection = RouterOutputs["connection"]["list"][number];

const CATEGORY_LABEL: Record<string, string> = {
  ecommerce: "Online store",
  pos: "Point of sale",
  erp: "ERP and finance",
  wms: "Warehouse",
  messaging: "Messaging",
  http: "HTTP and webhooks",
};

/** Connectors grouped for an `<optgroup>` list, groups and members by name. */
export function groupByCategory(connectors: TConnector[]): { label: string; connectors: TConnector[] }[] {
  const groups = new Map<string, TConnector[]>();
  for (const connector of connectors) {
    const label = CATEGORY_LABEL[connector.category] ?? connector.category;
    groups.set(label, [...(groups.get(label) ?? []), connector]);
  }
  return [...groups]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([label, members]) => ({ label, connectors: members.sort((a, b) => a.name.localeCompare(b.name)) }));
}

export function connectorFieldsOf(connector: TConnector): { config: TSchemaField[]; secrets: TSchemaField[] } {
  return {
    config: describeSchemaFields(connector.configSchema, { secret: false }),
    secrets: describeSchemaFields(connector.secretsSchema, { secret: true }),
  };
}
