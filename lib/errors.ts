/**
 * Typed errors `kind:surface`. The kind decides the HTTP status; the message is written for
 * a person. Database and stack details never travel in these, they are logged instead.
 */
export type ErrorKind = "bad_request" | "unauthorized" | "forbidden" | "not_found" | "conflict" | "rate_limited" | "unavailable";

const statusByKind: Record<ErrorKind, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  // The server is busy (its share of heavy work is taken): nothing is wrong with the request.
  unavailable: 503,
};

export class PortalError extends Error {
  readonly kind: ErrorKind;
  readonly surface: string;
  /** Errors tied to one form field, shown next to it. */
  readonly field?: string;
  /** Errors tied to several fields at once (a recipe's parameters), each shown next to its own. */
  readonly fields?: Record<string, string>;
  /** For `rate_limited` and `unavailable`: when to try again, sent as Retry-After. */
  readonly retryAfterSeconds?: number;

  constructor(code: `${ErrorKind}:${string}`, message: string, options?: { field?: string; fields?: Record<string, string>; retryAfterSeconds?: number }) {
    super(message);
    this.name = "PortalError";
    const [kind, surface] = code.split(":") as [ErrorKind, string];
    this.kind = kind;
    this.surface = surface;
    this.field = options?.field;
    this.fields = options?.fields;
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }

  get code(): string {
    return `${this.kind}:${this.surface}`;
  }

  get status(): number {
    return statusByKind[this.kind];
  }
}

export function isPortalError(error: unknown): error is PortalError {
  return error instanceof PortalError;
}
