export { customerNotificationsTemplate } from "./template";
