import { NonRetryableError, RetryableError } from "@storeflow/engine";

/** What nodemailer and node:net put on their errors. */
interface TSmtpErrorFields {
  code?: string;
  responseCode?: number;
  command?: string;
}

// Network trouble on the way to the server, or a server that went quiet: worth another attempt.
const TRANSIENT_CODES = new Set(["ECONNECTION", "ETIMEDOUT", "ESOCKET", "EDNS", "ECONNREFUSED", "ECONNRESET", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN", "EPIPE"]);

/**
 * SMTP's own classes decide: 4xx replies are "try again later", 5xx are permanent
 * (a wrong password is 535). Without a reply code, network failures are transient
 * and everything else (bad envelope, TLS refused, no STARTTLS) is configuration.
 */
export function classifySmtpError(error: unknown, server: string): Error {
  if (error instanceof RetryableError || error instanceof NonRetryableError) return error;
  if (!(error instanceof Error)) return new RetryableError(`SMTP ${server}: ${String(error)}`);
  const { code, responseCode, command } = error as Error & TSmtpErrorFields;
  const message = `SMTP ${server}${command ? ` (${command})` : ""}: ${error.message}`;
  if (responseCode !== undefined && responseCode >= 400 && responseCode < 500) return new RetryableError(message, { cause: error });
  if (responseCode !== undefined && responseCode >= 500) return new NonRetryableError(message, { cause: error });
  if (code && TRANSIENT_CODES.has(code)) return new RetryableError(message, { cause: error });
  return new NonRetryableError(message, { cause: error });
}
