import { GenerationApiError } from "./errors";
import type { RangedResult, ResultRange } from "./transport";

/** What `rangedResult` needs of an answer: a fetch `Response`, or the outbound guard's. */
export interface RangeAnswer {
  status: number;
  headers: { get(name: string): string | null };
  body: ReadableStream<Uint8Array> | null;
}

/** The `Range` header for a result range. */
export function rangeHeader(range: ResultRange): string {
  return "suffix" in range ? `bytes=-${range.suffix}` : `bytes=${range.start}-${range.end}`;
}

/**
 * A ranged result fetch's response as a `RangedResult`: a 206 must say, in Content-Range,
 * that it holds exactly the bytes asked for (a server may shorten a range at the end of the
 * result, never move it); a 200 is the whole result, which the caller then reads front to
 * back. Anything else is an error (its body dropped), as `fetchResult` would raise.
 */
export async function rangedResult(response: RangeAnswer, range: ResultRange): Promise<RangedResult> {
  if (response.status === 200 && response.body) return { body: response.body, partial: null };
  if (response.status !== 206 || !response.body) {
    await response.body?.cancel();
    throw new GenerationApiError(response.status === 404 ? "not_found" : "unavailable", `The result could not be fetched (HTTP ${response.status}).`, response.status);
  }
  const match = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(response.headers.get("content-range") ?? "");
  const [start, end, total] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [NaN, NaN, NaN];
  const expectedStart = "suffix" in range ? Math.max(0, total - range.suffix) : range.start;
  const expectedEnd = "suffix" in range ? total - 1 : Math.min(range.end, total - 1);
  if (!match || !Number.isSafeInteger(total) || start !== expectedStart || end !== expectedEnd) {
    await response.body.cancel();
    throw new GenerationApiError("invalid_response", `The result server answered a different byte range than the one asked for (${response.headers.get("content-range") ?? "no Content-Range"}).`, 206);
  }
  return { body: response.body, partial: { start, end, total } };
}
