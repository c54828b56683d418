import { connect, type Socket } from "node:net";

const CONNECT_TIMEOUT_MS = 10_000;

/** Throws when the host may not be contacted; may return the vetted address to connect to. */
export type TResolveHostAllowed = (host: string) => Promise<string | void>;

/** Options for {@link openSmtpSocket}. */
export interface OpenSmtpSocketOptions {
  host: string;
  port: number;
  signal: AbortSignal;
  resolveHostAllowed?: TResolveHostAllowed;
}

function codedError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

/**
 * Opens the TCP connection nodemailer would otherwise open itself, for two reasons:
 * the SSRF check runs first (and, when it returns an address, we connect to exactly
 * what it vetted, so DNS cannot change its answer in between), and the step's abort
 * signal can destroy the socket, which nodemailer alone offers no way to do.
 */
export async function openSmtpSocket({ host, port, signal, resolveHostAllowed }: OpenSmtpSocketOptions): Promise<Socket> {
  const address = (await resolveHostAllowed?.(host)) || host;
  signal.throwIfAborted();
  return new Promise<Socket>((resolve, reject) => {
    const socket = connect({ host: address, port });
    const fail = (error: Error) => {
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
      socket.destroy();
      reject(error);
    };
    const onAbort = () => fail(codedError(`connecting to ${host}:${port} was aborted`, "EABORTED"));
    const timer = setTimeout(() => fail(codedError(`connecting to ${host}:${port} timed out`, "ETIMEDOUT")), CONNECT_TIMEOUT_MS);
    signal.addEventListener("abort", onAbort, { once: true });
    socket.once("error", fail);
    socket.once("connect", () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
      socket.off("error", fail);
      resolve(socket);
    });
  });
}
