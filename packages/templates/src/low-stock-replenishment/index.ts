export { lowStockReplenishmentTemplate } from "./template";
