export { useTemplateHarness, type TTemplateHarness, type TTestConnection, type TTestRun } from "./template-harness";
