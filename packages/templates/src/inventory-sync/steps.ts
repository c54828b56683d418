import { type TWorkflowDefinitionInput } from "@storeflow/engine";

export const INVENTORY_SYNC_KEY = "inventory-sync";

export type TStepInput = TWorkflowDefinitionInput["steps"][number];
