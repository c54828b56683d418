import { type TDb, withIdentity } from "@storeflow/db";
import nodemailer from "nodemailer";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Display name for the From header, e.g. the partner's product name. */
  fromName?: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/** Options for {@link createMailer}. */
export interface CreateMailerOptions {
  db: TDb;
  transport: "outbox" | "smtp";
  /** Required when transport is `smtp`. */
  smtpUrl?: string;
  from: string;
}

function fromHeader(from: string, fromName?: string): string {
  if (!fromName) return from;
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
  return `"${fromName.replace(/["\\]/g, "")}" <${address}>`;
}

export function createMailer({ db, transport, smtpUrl, from }: CreateMailerOptions): Mailer {
  if (transport === "outbox") {
    return {
      async send({ to, subject, text, html }) {
        await withIdentity(db, (tx) => tx.outboxEmail.create({ data: { to: to.toLowerCase(), subject, text, html: html ?? null } }));
      },
    };
  }
  if (!smtpUrl) throw new Error("SMTP_URL must be set when MAIL_TRANSPORT is smtp");
  const smtp = nodemailer.createTransport(smtpUrl);
  return {
    async send({ to, subject, text, html, fromName }) {
      await smtp.sendMail({ from: fromHeader(from, fromName), to, subject, text, html });
    },
  };
}
