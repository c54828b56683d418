/** What one load phase (bench/load.ts) saw, as it writes it to LOAD_OUT. */
export interface TLoadOutcome {
  /** Measured by autocannon from its first request to its stop. */
  seconds: number;
  connections: number;
  /** Requests sent, redeliveries among them, and distinct deliveries. */
  sent: number;
  redeliveries: number;
  unique: number;
  /** Answers by HTTP status: 202 stored now, 200 stored before. */
  byStatus: Record<string, number>;
  /** 2xx answers. */
  accepted: number;
  /** Connection errors and requests without an answer within the timeout. */
  errors: number;
  timeouts: number;
  /** Over the 2xx answers, from writing the request to its last byte back. */
  p50Ms: number;
  p99Ms: number;
  /** Delivery ids answered 2xx at least once: each must be stored. */
  acknowledged: string[];
  /** Deliveries answered 202 (stored now) more than once: each would be a duplicate event. */
  createdTwice: number;
  /** The generator's own CPU time over the phase, to show it was not what limited the rate. */
  generatorCpuSeconds: number;
}
