import { type TWorkflowDefinitionInput } from "@storeflow/engine";

export const CASH_RECONCILIATION_KEY = "cash-reconciliation";

export type TStepInput = TWorkflowDefinitionInput["steps"][number];
