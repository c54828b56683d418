/** An error Business Central answers as `{ "error": { "code", "message" } }`. */
export class BcError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 412 | 500,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "BcError";
  }
}

// Business Central appends the request's correlation id to error messages; support asks for it.
export function errorBody(error: BcError, correlationId: string): { error: { code: string; message: string } } {
  return { error: { code: error.code, message: `${error.message}  CorrelationId:  ${correlationId}.` } };
}
