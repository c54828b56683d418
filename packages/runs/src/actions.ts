/** What an action handler receives: never the tenant's other data, only this call. */
export interface TActionCall {
  connection: string;
  operation: string;
  input: Record<string, unknown>;
  /** Identical on every retry of the same step; pass it to the far end. */
  idempotencyKey: string;
  run: { id: string; partnerId: string; clientId: string };
  /** Aborted when the step's timeout passes; handlers hand it to their HTTP calls. */
  signal: AbortSignal;
}

export type TActionHandler = (call: TActionCall) => Promise<unknown>;

/**
 * Resolves `connection.operation` to a handler. The connectors package provides
 * the production registry; tests provide their own.
 */
export interface TActionRegistry {
  resolve(connection: string, operation: string): TActionHandler | undefined;
  /**
   * The far end's request budget for this call, per client; the fleet takes a
   * token before the call goes out. Undefined: unmetered.
   */
  budget?(call: TActionCall): Promise<TConnectionBudget | undefined>;
}

/** A token bucket shared by every worker process, one per (partner, client, key). */
export interface TConnectionBudget {
  /** Calls that may go out back to back after a quiet spell. */
  capacity: number;
  /** Calls a second in the long run. */
  refillPerSecond: number;
  /**
   * What the bucket belongs to: the connection the call goes through, so runs of
   * every installation sharing it share its budget. @defaultValue the call's binding
   */
  key?: string;
}
