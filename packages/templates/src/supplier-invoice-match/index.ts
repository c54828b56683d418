export { supplierInvoiceMatchTemplate } from "./template";
