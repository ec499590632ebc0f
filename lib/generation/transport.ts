export interface TransportRequest {
  method: "GET" | "POST";
  /** Path with the trailing slash, as the contract's clients write it: `/api/batch/`. */
  path: string;
  body?: unknown;
  /** Safe to send again after a failure (reads, and writes made idempotent by the caller). */
  idempotent: boolean;
}

export interface TransportResponse {
  status: number;
  body: unknown;
}

/** How the client reaches a Generation API: in this process, or over HTTP. */
export interface Transport {
  /** "deferred" resolves to one of the others on its first call. */
  readonly kind: "in-process" | "http" | "deferred";
  send(request: TransportRequest): Promise<TransportResponse>;
  /** A job's `result_url`: a capability link fetched without the token, answering a zip. */
  fetchResult(url: string): Promise<Uint8Array>;
}
