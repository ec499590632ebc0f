import type { JobValidationErrors } from "./contract";

export type GenerationErrorKind =
  | "unavailable" // could not reach the upstream, or it answered 5xx
  | "timeout"
  | "unauthorized"
  | "not_found"
  | "rejected" // 4xx: the request itself was refused (validation)
  | "invalid_response" // the upstream answered something that is not the contract
  | "refused"; // the portal will not make the call: an address or result link it does not connect to

/** One error type for every way a Generation API call can fail, with a sentence for people. */
export class GenerationApiError extends Error {
  constructor(
    readonly kind: GenerationErrorKind,
    message: string,
    readonly status?: number,
    readonly jobErrors?: JobValidationErrors,
  ) {
    super(message);
    this.name = "GenerationApiError";
  }

  /** Whether trying the same call later could succeed (the batch should stay retryable). */
  get transient(): boolean {
    return this.kind === "unavailable" || this.kind === "timeout";
  }
}
