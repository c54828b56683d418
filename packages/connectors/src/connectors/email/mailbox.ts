import { z } from "zod";

export interface TMailbox {
  name: string;
  address: string;
}

// `Name <address>`, `"Name" <address>` or a bare address; no line breaks, so no header injection.
const NAMED = /^\s*"?([^"<>\r\n]*?)"?\s*<([^<>\s]+)>\s*$/;
const ZAddress = z.email();

/** Splits a From/Reply-To value into display name and address; undefined when it is not a mailbox. */
export function parseMailbox(value: string): TMailbox | undefined {
  const match = NAMED.exec(value);
  const name = match?.[1]?.trim() ?? "";
  const address = match ? (match[2] ?? "") : value.trim();
  return ZAddress.safeParse(address).success ? { name, address } : undefined;
}

/** Kept as the partner typed it (config is shown back); parsed again when sending. */
export const ZMailbox = z
  .string()
  .max(320)
  .refine((value) => parseMailbox(value) !== undefined, 'use an e-mail address or "Name <address@example.com>"');
