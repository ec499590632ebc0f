import "server-only";
import { NextResponse } from "next/server";
import type { z } from "zod";
import { isPortalError } from "@/lib/errors";
import type { ActingMember } from "@/lib/portal/member";
import { getActingMember, getPollingMember } from "@/lib/portal/session";
import { afterFirstChunk } from "@/lib/zip/web-stream";
import { inlineFileResponse, type InlineFile } from "./inline-file";
import { contentDisposition, portalErrorResponse } from "./responses";

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
      if (isPortalError(error)) return portalErrorResponse(error);
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
      return new Response(await afterFirstChunk(file.body), {
        headers: {
          "content-type": file.contentType,
          "content-disposition": contentDisposition("attachment", file.filename),
          "cache-control": "private, no-store",
        },
      });
    } catch (error) {
      if (isPortalError(error)) return portalErrorResponse(error);
      console.error("[download] unexpected error", error);
      return NextResponse.json({ detail: "Something went wrong on our side." }, { status: 500 });
    }
  };
}

/**
 * An immutable file shown inline (a job's frame, video or labels): cached by the browser for
 * good, since results never change, and served in byte ranges so a video can seek.
 */
export function memberFile(
  build: (member: ActingMember, request: Request, params: Record<string, string>) => Promise<InlineFile>,
) {
  return async (request: Request, context?: { params?: Promise<Record<string, string>> }) => {
    const member = await getActingMember();
    if (!member) return NextResponse.json({ detail: "Sign in to continue." }, { status: 401 });
    try {
      return await inlineFileResponse(request, await build(member, request, (await context?.params) ?? {}), "private, max-age=31536000, immutable");
    } catch (error) {
      if (isPortalError(error)) return portalErrorResponse(error);
      console.error("[file] unexpected error", error);
      return NextResponse.json({ detail: "Something went wrong on our side." }, { status: 500 });
    }
  };
}
