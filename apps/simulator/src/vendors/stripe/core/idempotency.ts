import { StripeApiError } from "./errors";

interface TSavedResponse {
  method: string;
  path: string;
  fingerprint: string;
  /** Undefined while the first request with the key is still executing. */
  response?: { status: number; body: unknown; requestId: string };
}

/**
 * Stripe's `Idempotency-Key` rules for POST requests, per account: the first
 * request's response is saved and replayed for the same key and parameters;
 * the same key with other parameters or another endpoint is a 400
 * idempotency_error; a second request while the first still runs is a 409.
 * Responses to requests rejected before executing (bad parameters) are not
 * saved, so a corrected retry with the same key runs. GET and DELETE ignore keys.
 */
export class IdempotencyStore {
  private readonly saved = new Map<string, TSavedResponse>();

  /** Returns the saved response to replay, or undefined after reserving the key for this request. */
  begin(scope: string, key: string, method: string, path: string, fingerprint: string): TSavedResponse["response"] {
    const id = `${scope}\u0000${key}`;
    const saved = this.saved.get(id);
    if (!saved) {
      this.saved.set(id, { method, path, fingerprint });
      return undefined;
    }
    if (saved.method !== method || saved.path !== path || saved.fingerprint !== fingerprint) {
      throw new StripeApiError({
        status: 400,
        type: "idempotency_error",
        message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
        saved: false,
      });
    }
    if (!saved.response) {
      throw new StripeApiError({ status: 409, type: "idempotency_error", message: "There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): " + key + ". Please try again later.", saved: false });
    }
    return saved.response;
  }

  finish(scope: string, key: string, response: { status: number; body: unknown; requestId: string } | null) {
    const id = `${scope}\u0000${key}`;
    const saved = this.saved.get(id);
    if (!saved) return;
    if (response) saved.response = response;
    else this.saved.delete(id);
  }

  clear() {
    this.saved.clear();
  }
}
