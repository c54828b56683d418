export { createMailer, type Mailer, type MailMessage, type CreateMailerOptions } from "./mailer";
export { listOutbox } from "./outbox";
export { readMailEnv } from "./env";
