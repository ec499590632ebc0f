import "server-only";
import { NextResponse } from "next/server";
import type { z } from "zod";
import { isPortalError } from "@/lib/errors";
import type { ActingMember } from "@/lib/portal/member";
import { getActingMember, getPollingMember } from "@/lib/portal/session";

/**
 * JSON route for the portal's own views: requires a member, runs the data layer, and parses
 * the answer through `output` so nothing beyond the declared fields can leave. These are the
 * routes views poll, so the member may be one loaded a moment ago (see `getPollingMember`).
 */
export function memberRoute<O extends z.ZodType>(
  output: O,
  read: (member: ActingMember, request: Request, params: Record<string, string>) => Promise<z.input<O>>,
) {
  return async (request: Request, context?: { params?: Promise<Record<string, string>> }) => {
    const member = await getPollingMember();
    if (!member) return NextResponse.json({ detail: "Sign in to continue." }, { status: 401 });
    try {
      return NextResponse.json(output.parse(await read(member, request, (await context?.params) ?? {})), { headers: { "cache-control": "private, no-store" } });
    } catch (error) {
      if (isPortalError(error)) return NextResponse.json({ detail: error.message, code: error.code }, { status: error.status });
      console.error("[route] unexpected error", error);
      return NextResponse.json({ detail: "Something went wrong on our side." }, { status: 500 });
    }
  };
}

/** A file for a member: the data layer builds it, this sends it as an attachment, streamed. */
export function memberDownload(
  build: (member: ActingMember, request: Request, params: Record<string, string>) => Promise<{ filename: string; contentType: string; body: ReadableStream<Uint8Array> }>,
) {
  return async (request: Request, context?: { params?: Promise<Record<string, string>> }) => {
    const member = await getActingMember();
    if (!member) return NextResponse.json({ detail: "Sign in to continue." }, { status: 401 });
    try {
      const file = await build(member, request, (await context?.params) ?? {});
      return new Response(file.body, {
        headers: {
          "content-type": file.contentType,
          "content-disposition": `attachment; filename="${file.filename}"`,
          "cache-control": "private, no-store",
        },
      });
    } catch (error) {
      if (isPortalError(error)) return NextResponse.json({ detail: error.message, code: error.code }, { status: error.status });
      console.error("[download] unexpected error", error);
      return NextResponse.json({ detail: "Something went wrong on our side." }, { status: 500 });
    }
  };
}

/** `bytes=a-b`, `bytes=a-` or `bytes=-n` of a body of `size` bytes; null when absent or not one satisfiable range. */
function byteRange(header: string | null, size: number): { start: number; end: number } | null | "unsatisfiable" {
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
 * An immutable file shown inline (a job's frame, video or labels): cached by the browser for
 * good, since results never change, and served in byte ranges so a video can seek.
 */
export function memberFile(
  build: (member: ActingMember, request: Request, params: Record<string, string>) => Promise<{ bytes: Uint8Array; contentType: string; etag: string }>,
) {
  return async (request: Request, context?: { params?: Promise<Record<string, string>> }) => {
    const member = await getActingMember();
    if (!member) return NextResponse.json({ detail: "Sign in to continue." }, { status: 401 });
    try {
      const file = await build(member, request, (await context?.params) ?? {});
      const headers = { "content-type": file.contentType, "cache-control": "private, max-age=31536000, immutable", etag: file.etag, "accept-ranges": "bytes" };
      if (request.headers.get("if-none-match") === file.etag) return new Response(null, { status: 304, headers });
      const size = file.bytes.byteLength;
      const range = byteRange(request.headers.get("range"), size);
      if (range === "unsatisfiable") return new Response(null, { status: 416, headers: { ...headers, "content-range": `bytes */${size}` } });
      if (range) {
        const body = file.bytes.subarray(range.start, range.end + 1) as Uint8Array<ArrayBuffer>;
        return new Response(body, { status: 206, headers: { ...headers, "content-range": `bytes ${range.start}-${range.end}/${size}`, "content-length": String(body.byteLength) } });
      }
      return new Response(file.bytes as Uint8Array<ArrayBuffer>, { headers: { ...headers, "content-length": String(size) } });
    } catch (error) {
      if (isPortalError(error)) return NextResponse.json({ detail: error.message, code: error.code }, { status: error.status });
      console.error("[file] unexpected error", error);
      return NextResponse.json({ detail: "Something went wrong on our side." }, { status: 500 });
    }
  };
}
