import "server-only";

export interface InlineFile {
  bytes: Uint8Array;
  contentType: string;
  /** Names these exact bytes: a job's result never changes, so its upstream id does. */
  etag: string;
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
export function inlineFileResponse(request: Request, file: InlineFile, cacheControl: string): Response {
  const headers = { "content-type": file.contentType, "cache-control": cacheControl, etag: file.etag, "accept-ranges": "bytes" };
  if (request.headers.get("if-none-match") === file.etag) return new Response(null, { status: 304, headers });
  const size = file.bytes.byteLength;
  const range = byteRange(request.headers.get("range"), size);
  if (range === "unsatisfiable") return new Response(null, { status: 416, headers: { ...headers, "content-range": `bytes */${size}` } });
  if (range) {
    const body = file.bytes.subarray(range.start, range.end + 1) as Uint8Array<ArrayBuffer>;
    return new Response(body, { status: 206, headers: { ...headers, "content-range": `bytes ${range.start}-${range.end}/${size}`, "content-length": String(body.byteLength) } });
  }
  return new Response(file.bytes as Uint8Array<ArrayBuffer>, { headers: { ...headers, "content-length": String(size) } });
}
