/** Stripe's error types (the `error.type` of a response). */
export type TStripeErrorType = "api_error" | "card_error" | "idempotency_error" | "invalid_request_error";

/** Options for {@link StripeApiError}. */
export interface StripeApiErrorOptions {
  status: number;
  type: TStripeErrorType;
  message: string;
  code?: string;
  param?: string;
  declineCode?: string;
  /**
   * False for errors found before the endpoint started executing (a malformed or
   * missing parameter): Stripe does not save those under an idempotency key, so a
   * corrected retry with the same key runs. @defaultValue true
   */
  saved?: boolean;
}

/** Thrown by a route handler; answered as `{ error: { type, code, message, param } }` with `status`. */
export class StripeApiError extends Error {
  readonly status: number;
  readonly type: TStripeErrorType;
  readonly code?: string;
  readonly param?: string;
  readonly declineCode?: string;
  readonly saved: boolean;

  constructor({ status, type, message, code, param, declineCode, saved = true }: StripeApiErrorOptions) {
    super(message);
    this.status = status;
    this.type = type;
    this.code = code;
    this.param = param;
    this.declineCode = declineCode;
    this.saved = saved;
  }

  toJSON() {
    return {
      error: {
        type: this.type,
        message: this.message,
        ...(this.code ? { code: this.code, doc_url: `https://stripe.com/docs/error-codes/${this.code.replace(/_/g, "-")}` } : {}),
        ...(this.param ? { param: this.param } : {}),
        ...(this.declineCode ? { decline_code: this.declineCode } : {}),
      },
    };
  }
}

/** A missing or malformed parameter (400, not saved under the idempotency key). */
export function invalidParam(param: string, message: string, code = "parameter_invalid_empty"): StripeApiError {
  return new StripeApiError({ status: 400, type: "invalid_request_error", code, param, message, saved: false });
}

/** `No such customer: 'cus_x'` (404 resource_missing), as Stripe words it. */
export function noSuch(label: string, id: string, param = "id"): StripeApiError {
  return new StripeApiError({ status: 404, type: "invalid_request_error", code: "resource_missing", param, message: `No such ${label}: '${id}'` });
}
