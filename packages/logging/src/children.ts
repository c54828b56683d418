import { type TLogger } from "./logger";
import { censorSecrets } from "./redaction";

/** What a request logger names; ids only, each when known. */
export interface TRequestBindings {
  /** The caller's `x-request-id`, or one made up for the request. */
  requestId: string;
  /** The route group ("trpc", "hooks", "auth"), never the raw path: paths can carry tokens. */
  route: string;
  userId?: string;
  partnerId?: string;
  clientId?: string;
}

/** What a job logger names. */
export interface TJobBindings {
  queue: string;
  jobId?: string;
  partnerId?: string;
  clientId?: string;
  runId?: string;
  stepKey?: string;
}

/** Drops absent ids so lines do not carry `"userId":null`; censors what a caller put in by mistake. */
function present<T extends object>(bindings: T): Partial<T> {
  return censorSecrets(Object.fromEntries(Object.entries(bindings).filter(([, value]) => value !== undefined && value !== null)) as Partial<T>);
}

/** The logger for one HTTP request (a route handler, a tRPC call). */
export function requestLogger(root: TLogger, bindings: TRequestBindings): TLogger {
  return root.child(present(bindings));
}

/** The logger for one queue job: a step delivery, a schedule's firing. */
export function jobLogger(root: TLogger, bindings: TJobBindings): TLogger {
  return root.child(present(bindings));
}

/** A request's id: the caller's (a load balancer's) when it sent a sane one, else a new one. */
export function requestIdOf(headers: Headers): string {
  const given = headers.get("x-request-id");
  return given && /^[A-Za-z0-9._:-]{1,128}$/.test(given) ? given : crypto.randomUUID();
}
