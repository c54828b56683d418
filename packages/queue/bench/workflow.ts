import { type TWorkflowDefinitionInput } from "@storeflow/engine";

/** The benchmark's workflow: three no-op actions of the `bench` connection. */
export const benchWorkflow: TWorkflowDefinitionInput = {
  key: "bench.noop",
  version: "1.0.0",
  start: "one",
  steps: [
    { key: "one", kind: "action", connection: "bench", operation: "noop", input: {}, next: "two" },
    { key: "two", kind: "action", connection: "bench", operation: "noop", input: {}, next: "three" },
    { key: "three", kind: "action", connection: "bench", operation: "noop", input: {} },
  ],
};
