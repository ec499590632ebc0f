import "server-only";
import { NextResponse } from "next/server";
import type { z } from "zod";
import { isPortalError } from "@/lib/errors";
import type { ActingMember } from "@/lib/portal/member";
import { getActingMember } from "@/lib/portal/session";

/**
 * JSON route for the portal's own views: requires a member, runs the data layer, and parses
 * the answer through `output` so nothing beyond the declared fields can leave.
 */
export function memberRoute<O extends z.ZodType>(
  output: O,
  read: (member: ActingMember, request: Request, params: Record<string, string>) => Promise<z.input<O>>,
) {
  return async (request: Request, context?: { params?: Promise<Record<string, string>> }) => {
    const member = await getActingMember();
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
