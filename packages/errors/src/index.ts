/**
 * Errors that domain packages throw for expected outcomes. The API layer maps
 * `code` onto its transport (tRPC codes, HTTP statuses); domain code never
 * imports a transport.
 */
export type TDomainErrorCode = "NOT_FOUND" | "CONFLICT" | "FORBIDDEN" | "BAD_REQUEST" | "UNAUTHORIZED" | "TOO_MANY_REQUESTS";

export class DomainError extends Error {
  constructor(
    readonly code: TDomainErrorCode,
    message: string,
    /** Field path the error belongs to, for forms. */
    readonly field?: string,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string) {
    super("NOT_FOUND", `${what} was not found`);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, field?: string) {
    super("CONFLICT", message, field);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = "You do not have permission to do that") {
    super("FORBIDDEN", message);
  }
}
