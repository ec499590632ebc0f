import "server-only";
import { NextResponse } from "next/server";
import type { z } from "zod";
import { isPortalError } from "@/lib/errors";
import type { ShareAccess } from "@/lib/portal/share-access";
import { peekShareToken } from "@/lib/portal/share-links";
import { requestMeta } from "@/lib/portal/session";

type Params = Record<string, string>;

/** One answer for an unknown, revoked and expired token alike, so none is confirmed. */
const gone = () => NextResponse.json({ detail: "This link does not exist, has expired or was revoked." }, { status: 404, headers: { "cache-control": "no-store" } });

function failed(error: unknown, where: string) {
  // Upstream failures name the team's Generation API address: not for visitors.
  if (isPortalError(error) && error.code === "conflict:generation_api") {
    return NextResponse.json({ detail: "The results could not be read from the Generation API just now. Try again later.", code: error.code }, { status: error.status, headers: { "cache-control": "no-store" } });
  }
  if (isPortalError(error)) return NextResponse.json({ detail: error.message, code: error.code }, { status: error.status, headers: { "cache-control": "no-store" } });
  console.error(`[share ${where}] unexpected error`, error);
  return NextResponse.json({ detail: "Something went wrong on our side." }, { status: 500 });
}

async function open(context?: { params?: Promise<Params> }): Promise<{ access: ShareAccess; params: Params } | null> {
  const params = (await context?.params) ?? {};
  const access = await peekShareToken(params.token ?? "", await requestMeta());
  return access ? { access, params } : null;
}

/**
 * JSON for a shared report: the token in the path is checked (not counted as a view) on every
 * request, so a revoked link stops answering at once; the answer is parsed through `output`.
 */
export function shareRoute<O extends z.ZodType>(output: O, read: (access: ShareAccess, request: Request, params: Params) => Promise<z.input<O>>) {
  return async (request: Request, context?: { params?: Promise<Params> }) => {
    const opened = await open(context);
    if (!opened) return gone();
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
    const opened = await open(context);
    if (!opened) return gone();
    try {
      const file = await build(opened.access, request, opened.params);
      return new Response(file.body, {
        headers: { "content-type": file.contentType, "content-disposition": `attachment; filename="${file.filename}"`, "cache-control": "private, no-store" },
      });
    } catch (error) {
      return failed(error, "download");
    }
  };
}
