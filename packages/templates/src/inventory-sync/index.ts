export { inventorySyncTemplate } from "./template";
