import "server-only";
import { NextResponse } from "next/server";
import type { z } from "zod";
import { isPortalError } from "@/lib/errors";
import { inlineFileResponse, type InlineFile } from "@/lib/api/inline-file";
import type { ShareAccess } from "@/lib/portal/share-access";
import { peekShareToken } from "@/lib/portal/share-links";
import { requestMetaFrom } from "@/lib/api/request-context";
import { contentDisposition, portalErrorResponse } from "@/lib/api/responses";
import { afterFirstChunk } from "@/lib/zip/web-stream";

type Params = Record<string, string>;

/** One answer for an unknown, revoked and expired token alike, so none is confirmed. */
const gone = () => NextResponse.json({ detail: "This link does not exist, has expired or was revoked." }, { status: 404, headers: { "cache-control": "no-store" } });

function failed(error: unknown, where: string) {
  // Upstream failures name the team's Generation API address: not for visitors.
  if (isPortalError(error) && error.code === "conflict:generation_api") {
    return portalErrorResponse(error, "The results could not be read from the Generation API just now. Try again later.");
  }
  if (isPortalError(error)) return portalErrorResponse(error);
  console.error(`[share ${where}] unexpected error`, error);
  return NextResponse.json({ detail: "Something went wrong on our side." }, { status: 500 });
}

/**
 * The token's access, if it still opens anything; else the answer to send: 404, or 429 with
 * Retry-After to an address that has tried too many dead links. Who asks comes from the
 * request itself (a visitor has no session).
 */
async function open(request: Request, context?: { params?: Promise<Params> }): Promise<{ access: ShareAccess; params: Params } | Response> {
  const params = (await context?.params) ?? {};
  try {
    const access = await peekShareToken(params.token ?? "", requestMetaFrom(request.headers));
    return access ? { access, params } : gone();
  } catch (error) {
    return failed(error, "lookup");
  }
}

/**
 * JSON for a shared report: the token in the path is checked (not counted as a view) on every
 * request, so a revoked link stops answering at once; the answer is parsed through `output`.
 */
export function shareRoute<O extends z.ZodType>(output: O, read: (access: ShareAccess, request: Request, params: Params) => Promise<z.input<O>>) {
  return async (request: Request, context?: { params?: Promise<Params> }) => {
    const opened = await open(request, context);
    if (opened instanceof Response) return opened;
    try {
      return NextResponse.json(output.parse(await read(opened.access, request, opened.params)), { headers: { "cache-control": "private, no-store" } });
    } catch (error) {
      return failed(error, "route");
    }
  };
}

/** A file of a shared report, streamed as an attachment. */
export function shareDownload(build: (access: ShareAccess, request: Request, params: Params) => Promise<{ filename: string; contentType: string; body: ReadableStream<Uint8Array> }>) {
  return async (request: Request, context?: { params?: Promise<Params> }) => {
    const opened = await open(request, context);
    if (opened instanceof Response) return opened;
    try {
      const file = await build(opened.access, request, opened.params);
      return new Response(await afterFirstChunk(file.body), {
        headers: { "content-type": file.contentType, "content-disposition": contentDisposition("attachment", file.filename), "cache-control": "private, no-store" },
      });
    } catch (error) {
      return failed(error, "download");
    }
  };
}

/**
 * A file of a shared report shown inline (the gallery's frames, videos and labels), in byte
 * ranges. Not cached for good as a member's are: the browser asks again each time (a 304 when
 * unchanged), so a revoked or expired link stops showing anything at once.
 */
export function shareFile(build: (access: ShareAccess, request: Request, params: Params) => Promise<InlineFile>) {
  return async (request: Request, context?: { params?: Promise<Params> }) => {
    const opened = await open(request, context);
    if (opened instanceof Response) return opened;
    try {
      return await inlineFileResponse(request, await build(opened.access, request, opened.params), "private, no-cache");
    } catch (error) {
      return failed(error, "file");
    }
  };
}
