import type { Readable } from "node:stream";

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

/** Limits on one result fetch, beyond the transport's own. */
export interface FetchResultOptions {
  /** The body is cut off (and the read fails) past this many bytes. */
  maxBytes?: number;
  /** Ends the fetch and its body early (the client left, or a time limit passed). */
  signal?: AbortSignal;
}

/** Bytes of a result: `start` to `end` inclusive, or the last `suffix` bytes (an HTTP Range). */
export type ResultRange = { start: number; end: number } | { suffix: number };

/** The answer to a ranged result fetch. */
export interface RangedResult {
  /** The bytes asked for when the answer was partial (206); otherwise the whole result, from its first byte. */
  body: ReadableStream<Uint8Array>;
  /** Which bytes `body` holds and the result's total size, when partial; null when the server sent it whole (200). */
  partial: { start: number; end: number; total: number } | null;
}

/** How the client reaches a Generation API: in this process, or over HTTP. */
export interface Transport {
  /** "deferred" resolves to one of the others on its first call. */
  readonly kind: "in-process" | "http" | "deferred";
  send(request: TransportRequest): Promise<TransportResponse>;
  /**
   * A job's `result_url`: a capability link fetched without the token, answering a zip. It
   * resolves once the response has started (a failure status rejects), to its bytes as they
   * arrive; cancelling the stream drops the response.
   */
  fetchResult(url: string, options?: FetchResultOptions): Promise<ReadableStream<Uint8Array>>;
  /**
   * The same link with `Range: bytes=…` (optional): lets the gallery read one file of a job's
   * zip through its central directory instead of the whole zip. A transport that cannot ask
   * for ranges leaves it out, and callers read the whole result as from a server that ignores
   * Range. Implementations send the same request as `fetchResult` plus the header, and turn the
   * response into a `RangedResult` with `rangedResult` (lib/generation/result-range.ts), which
   * checks that a 206 answers the range that was asked for.
   */
  fetchResultRange?(url: string, range: ResultRange, options?: FetchResultOptions): Promise<RangedResult>;
}

/**
 * One file of a finished job, straight from the built-in engine's storage: the same name,
 * bytes and compression choice as the entry in the zip its `result_url` answers.
 */
export interface ResultFile {
  /** Path inside the job's zip: `<job_id>/<file>`. */
  name: string;
  size: number;
  /** Deflate it (text) or store it (media, compressed already). */
  compress: boolean;
  /** Taken when the engine published the job; absent for results from before it did. */
  crc32?: number;
  /** Opened only when it is about to be sent, read in large chunks; with `range`, only bytes `start`–`end` inclusive. */
  open(range?: { start: number; end: number }): Promise<Readable>;
}

/**
 * A finished job's result: its files, when the built-in engine in this process holds them,
 * else the zip its `result_url` answers, as it arrives.
 */
export type JobResult = { kind: "files"; files: ResultFile[] } | { kind: "zip"; body: ReadableStream<Uint8Array> };
