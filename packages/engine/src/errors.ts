/**
 * Errors a step throws to tell the executor whether another attempt can help.
 * Anything else thrown is classified by {@link classifyError}.
 */
export class RetryableError extends Error {
  /** The far end's own estimate of when to try again (e.g. Retry-After); wins over a shorter backoff. */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options: { retryAfterMs?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "RetryableError";
    this.retryAfterMs = options.retryAfterMs;
  }
}

export class RateLimitedError extends RetryableError {
  constructor(message: string, options: { retryAfterMs: number; cause?: unknown }) {
    super(message, options);
    this.name = "RateLimitedError";
  }
}

export class StepTimeoutError extends RetryableError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.name = "StepTimeoutError";
  }
}

/** Another attempt would fail the same way: bad input, a refused operation, a broken definition. */
export class NonRetryableError extends Error {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "NonRetryableError";
  }
}

export class ExpressionError extends NonRetryableError {
  readonly expression: string;

  constructor(message: string, options: { expression: string; cause?: unknown }) {
    super(message, options);
    this.name = "ExpressionError";
    this.expression = options.expression;
  }
}

const MAX_MESSAGE_LENGTH = 2000;

// A bug in our code or a connector's: retrying only repeats it.
const PROGRAMMING_ERRORS = [TypeError, RangeError, SyntaxError, ReferenceError];

export interface TErrorClassification {
  message: string;
  retryable: boolean;
  retryAfterMs?: number;
  /** The error's name, e.g. "RateLimitedError", for logs and the run's history. */
  kind: string;
}

function truncate(message: string): string {
  return message.length > MAX_MESSAGE_LENGTH ? `${message.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : message;
}

// undici reports network failures (reset, refused, DNS) as `TypeError: fetch failed`; those are transient.
function isFetchFailure(error: Error): boolean {
  return error instanceof TypeError && error.message === "fetch failed";
}

function describeThrown(value: unknown): string {
  if (typeof value === "string") return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Decides whether a failed attempt is worth repeating. Unknown failures are assumed transient. */
export function classifyError(error: unknown): TErrorClassification {
  if (!(error instanceof Error)) return { message: truncate(describeThrown(error)), retryable: true, kind: "unknown" };
  const message = truncate(error.message);
  if (error instanceof NonRetryableError) return { message, retryable: false, kind: error.name };
  if (error instanceof RetryableError) {
    return { message, retryable: true, kind: error.name, ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}) };
  }
  const programmingError = PROGRAMMING_ERRORS.some((type) => error instanceof type) && !isFetchFailure(error);
  return { message, retryable: !programmingError, kind: error.name };
}
