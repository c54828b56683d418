import { cashReconciliationTemplate } from "./cash-reconciliation";
import { createTemplateCatalog } from "./catalog";
import { customerNotificationsTemplate } from "./customer-notifications";
import { inventorySyncTemplate } from "./inventory-sync";
import { lowStockReplenishmentTemplate } from "./low-stock-replenishment";
import { orderRoutingTemplate } from "./order-routing";
import { pricePromotionTemplate } from "./price-promotion";
import { returnsRefundsTemplate } from "./returns-refunds";
import { supplierInvoiceMatchTemplate } from "./supplier-invoice-match";

/** The retail templates Storeflow ships, every version partners may still run. */
export const builtInTemplates = createTemplateCatalog([
  inventorySyncTemplate,
  orderRoutingTemplate,
  returnsRefundsTemplate,
  lowStockReplenishmentTemplate,
  supplierInvoiceMatchTemplate,
  pricePromotionTemplate,
  cashReconciliationTemplate,
  customerNotificationsTemplate,
]);
