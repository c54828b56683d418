export { pricePromotionTemplate } from "./template";
