import "server-only";

/** A file's content: small ones in hand; large ones (a video) streamed, in the range asked for. */
export type InlineBody =
  | { bytes: Uint8Array }
  | {
      size: number;
      /** Bytes `start`–`end` inclusive, or all of them; called at most once. */
      stream(range: { start: number; end: number } | null): ReadableStream<Uint8Array>;
      /** Called instead of `stream` when nothing is sent (304, 416): drops what was opened. */
      discard(): void;
    };

export interface InlineFile {
  contentType: string;
  /** Names these exact bytes: a job's result never changes, so its upstream id does. */
  etag: string;
  /**
   * The content, read only when the request is not answered 304: a browser revalidating its
   * copy costs no upstream read at all.
   */
  load(): Promise<InlineBody>;
}

/** `bytes=a-b`, `bytes=a-` or `bytes=-n` of a body of `size` bytes; null when absent or not one satisfiable range. */
export function byteRange(header: string | null, size: number): { start: number; end: number } | null | "unsatisfiable" {
  const match = header?.match(/^bytes=(\d*)-(\d*)$/);
  if (!match || (match[1] === "" && match[2] === "")) return null;
  let start: number;
  let end: number;
  if (match[1] === "") {
    start = Math.max(0, size - Number(match[2]));
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  return start > end || start >= size ? "unsatisfiable" : { start, end };
}

/**
 * A file shown inline (a job's frame, video or labels): answered 304 to a matching
 * If-None-Match, and in byte ranges so a video can seek. `cacheControl` is the caller's: a
 * member's files are immutable, a share link's must be asked again so a revoke takes effect.
 */
export async function inlineFileResponse(request: Request, file: InlineFile, cacheControl: string): Promise<Response> {
  const headers = { "content-type": file.contentType, "cache-control": cacheControl, etag: file.etag, "accept-ranges": "bytes" };
  if (request.headers.get("if-none-match") === file.etag) return new Response(null, { status: 304, headers });
  const body = await file.load();
  const size = "bytes" in body ? body.bytes.byteLength : body.size;
  const range = byteRange(request.headers.get("range"), size);
  if (range === "unsatisfiable") {
    if (!("bytes" in body)) body.discard();
    return new Response(null, { status: 416, headers: { ...headers, "content-range": `bytes */${size}` } });
  }
  const length = range ? range.end - range.start + 1 : size;
  const sized = { ...headers, "content-length": String(length), ...(range ? { "content-range": `bytes ${range.start}-${range.end}/${size}` } : {}) };
  const content = "bytes" in body ? (range ? body.bytes.subarray(range.start, range.end + 1) : body.bytes) : body.stream(range);
  return new Response(content as BodyInit, { status: range ? 206 : 200, headers: sized });
}
