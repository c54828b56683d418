import { type Hono } from "hono";
import { type FaultInjector } from "./faults";
import { type WebhookSender } from "./webhook-sender";

/** What every vendor simulator shares. */
export interface TSimulatorContext {
  faults: FaultInjector;
  webhooks: WebhookSender;
  /** The simulator's own base URL, e.g. http://127.0.0.1:4010 (for links the vendor returns). */
  baseUrl(): string;
}

/**
 * One simulated vendor: its HTTP API mounted under `/<key>`, its state kept in
 * memory, readable by tests in-process and over `/_sim/<key>/state`.
 */
export interface TVendorSimulator<TState = unknown> {
  key: string;
  routes: Hono;
  state: TState;
  reset(): void;
}
