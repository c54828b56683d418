export { orderRoutingTemplate } from "./template";
