export { cashReconciliationTemplate } from "./template";
