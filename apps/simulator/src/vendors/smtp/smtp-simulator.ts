import { type AddressObject, simpleParser } from "mailparser";
import { type AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

/** Options for {@link startSmtpSimulator}. */
export interface StartSmtpSimulatorOptions {
  /** 0 picks a free port. @defaultValue 0 */
  port?: number;
  /** @defaultValue "127.0.0.1" */
  host?: string;
  /** Username → password. When any are set, AUTH (PLAIN or LOGIN) is required and checked. @defaultValue no users, no AUTH */
  users?: Record<string, string>;
  /** Recipient address → the SMTP code RCPT TO is answered with, e.g. 450 (try later) or 550 (no such mailbox). */
  rejectRecipients?: Record<string, number>;
}

/** One accepted message, as mailparser reads it. */
export interface TSmtpMessage {
  envelope: { from: string | null; to: string[] };
  /** The AUTH username the sender logged in with; null without AUTH. */
  authUser: string | null;
  from: string | undefined;
  to: string[];
  cc: string[];
  subject: string | undefined;
  text: string | undefined;
  html: string | undefined;
  messageId: string | undefined;
  /** Header names lower-cased, folded lines joined, repeated headers joined with ", ". */
  headers: Record<string, string>;
  receivedAt: string;
}

export interface TSmtpSimulator {
  host: string;
  port: number;
  messages: TSmtpMessage[];
  close(): Promise<void>;
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const objects = field === undefined ? [] : Array.isArray(field) ? field : [field];
  return objects.flatMap((o) => o.value.flatMap((a) => [a.address, ...(a.group ?? []).map((g) => g.address)])).filter((a): a is string => !!a);
}

function readHeaders(lines: readonly { key: string; line: string }[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const { key, line } of lines) {
    const value = line.slice(line.indexOf(":") + 1).replace(/\r?\n[ \t]+/g, " ").trim();
    headers[key] = headers[key] === undefined ? value : `${headers[key]}, ${value}`;
  }
  return headers;
}

function smtpError(message: string, responseCode: number): Error {
  return Object.assign(new Error(message), { responseCode });
}

/**
 * A plain-TCP SMTP server on localhost (no TLS, no STARTTLS) that keeps every
 * accepted message in memory. AUTH is offered without TLS on purpose: it is a
 * test double, and the credentials it checks are the ones the test configured.
 */
export async function startSmtpSimulator({ port = 0, host = "127.0.0.1", users = {}, rejectRecipients = {} }: StartSmtpSimulatorOptions = {}): Promise<TSmtpSimulator> {
  const messages: TSmtpMessage[] = [];
  const requireAuth = Object.keys(users).length > 0;
  const rejections = new Map(Object.entries(rejectRecipients).map(([address, code]) => [address.toLowerCase(), code]));

  const server = new SMTPServer({
    secure: false,
    disabledCommands: requireAuth ? ["STARTTLS"] : ["STARTTLS", "AUTH"],
    authMethods: ["PLAIN", "LOGIN"],
    authOptional: !requireAuth,
    allowInsecureAuth: true,
    logger: false,
    size: 10 * 1024 * 1024,
    closeTimeout: 1000,
    onAuth(auth, _session, callback) {
      const username = auth.username ?? "";
      if (Object.hasOwn(users, username) && users[username] === auth.password) return callback(null, { user: username });
      return callback(smtpError("Invalid username or password", 535));
    },
    onRcptTo(address, _session, callback) {
      const code = rejections.get(address.address.toLowerCase());
      if (code !== undefined) return callback(smtpError(`Recipient ${address.address} rejected`, code));
      return callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          if (stream.sizeExceeded) return callback(smtpError("Message exceeds the size limit", 552));
          messages.push({
            envelope: { from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null, to: session.envelope.rcptTo.map((r) => r.address) },
            authUser: session.user ?? null,
            from: mail.from?.text,
            to: addresses(mail.to),
            cc: addresses(mail.cc),
            subject: mail.subject,
            text: mail.text,
            html: mail.html === false ? undefined : mail.html,
            messageId: mail.messageId,
            headers: readHeaders(mail.headerLines),
            receivedAt: new Date().toISOString(),
          });
          return callback();
        })
        .catch((error: unknown) => callback(smtpError(`Could not read the message: ${String(error)}`, 451)));
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.server.address() as AddressInfo;

  return {
    host,
    port: address.port,
    messages,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
