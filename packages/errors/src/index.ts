/**
 * Errors that domain packages throw for expected outcomes. The API layer maps
 * `code` onto its transport (tRPC codes, HTTP statuses); domain code never
 * imports a transport.
 */
export type TDomainErrorCode = "NOT_FOUND" | "CONFLICT" | "FORBIDDEN" | "BAD_REQUEST" | "UNAUTHORIZED" | "TOO_MANY_REQUESTS" | "PRECONDITION_FAILED";

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

/** One field's problem, its path as a form names it (`["config", "shopDomain"]`). */
export interface TFieldIssue {
  path: (string | number)[];
  message: string;
}

/**
 * Input that passed its shape check but not a rule only the domain knows (a
 * connector's settings schema, say): every problem at once, for the form.
 */
export class ValidationError extends DomainError {
  constructor(readonly issues: readonly TFieldIssue[]) {
    super("BAD_REQUEST", issues.map((issue) => `${issue.path.join(".") || "input"}: ${issue.message}`).join("; ") || "Invalid input", issues[0]?.path.join("."));
    this.name = "ValidationError";
  }
}
