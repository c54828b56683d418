import { defineEnv } from "@storeflow/env";
import { z } from "zod";

export const readMailEnv = defineEnv({
  /** `outbox` keeps mail in the database for the portal's /dev/outbox page; `smtp` sends it. */
  MAIL_TRANSPORT: z.enum(["outbox", "smtp"]).default("outbox"),
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  MAIL_FROM: z.string().min(3).default("Storeflow <no-reply@storeflow.local>"),
});
