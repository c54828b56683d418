export { returnsRefundsTemplate } from "./template";
