import nodemailer, { type Transporter } from "nodemailer";
import { type Socket } from "node:net";
import type SMTPTransport from "nodemailer/lib/smtp-transport";
import { type TEmailConfig, type TEmailSecrets } from "./config";
import { openSmtpSocket, type TResolveHostAllowed } from "./smtp-socket";

/** Options for {@link withSmtpTransport}. */
export interface WithSmtpTransportOptions {
  config: TEmailConfig;
  secrets: TEmailSecrets;
  signal: AbortSignal;
  resolveHostAllowed?: TResolveHostAllowed;
}

/**
 * Runs `use` with a one-connection SMTP transport and tears it down after. On abort
 * the socket is destroyed and the call rejects with the signal's reason at once,
 * instead of holding the worker until the server's timeouts.
 */
export async function withSmtpTransport<T>(
  { config, secrets, signal, resolveHostAllowed }: WithSmtpTransportOptions,
  use: (transport: Transporter<SMTPTransport.SentMessageInfo>) => Promise<T>,
): Promise<T> {
  const sockets: Socket[] = [];
  const destroySockets = () => sockets.forEach((socket) => socket.destroy());
  const options: SMTPTransport.Options = {
    host: config.host,
    port: config.port,
    secure: config.secure,
    requireTLS: !config.secure && config.requireTls !== false,
    auth: { user: secrets.username, pass: secrets.password },
    tls: { minVersion: "TLSv1.2" },
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    // Content comes from workflows: never let it make nodemailer read files or fetch URLs.
    disableFileAccess: true,
    disableUrlAccess: true,
    logger: false,
    getSocket(_options, callback) {
      openSmtpSocket({ host: config.host, port: config.port, signal, resolveHostAllowed }).then(
        (socket) => {
          // The abort may have fired while connecting, after the race was already lost.
          if (signal.aborted) {
            socket.destroy();
            return callback(signal.reason instanceof Error ? signal.reason : new Error("aborted"), undefined);
          }
          sockets.push(socket);
          callback(null, { connection: socket });
        },
        (error: Error) => callback(error, undefined),
      );
    },
  };
  const transport = nodemailer.createTransport(options);
  // nodemailer notices a socket closed mid-greeting only after its own 1 s grace timer,
  // so the abort rejects right away instead of waiting for nodemailer to give up.
  let onAbort: () => void = () => {};
  const aborted = new Promise<never>((_resolve, reject) => {
    onAbort = () => {
      destroySockets();
      reject(signal.reason);
    };
  });
  signal.throwIfAborted();
  signal.addEventListener("abort", onAbort, { once: true });
  try {
    return await Promise.race([use(transport), aborted]);
  } finally {
    signal.removeEventListener("abort", onAbort);
    transport.close();
    destroySockets();
  }
}
