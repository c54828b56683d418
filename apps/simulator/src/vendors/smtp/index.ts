export { startSmtpSimulator, type StartSmtpSimulatorOptions, type TSmtpMessage, type TSmtpSimulator } from "./smtp-simulator";
