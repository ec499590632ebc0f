import { NextResponse } from "next/server";
import { isPortalError } from "@/lib/errors";
import { examplePng, resolveExample } from "@/lib/portal/generator-examples";
import { getActingMember, requestOrigin } from "@/lib/portal/session";

/**
 * One example frame of a generator's documentation, as a small PNG. The same URL always
 * names the same pixels (the generator's version is in it), so browsers may keep it long.
 */
export async function GET(request: Request, context: { params: Promise<{ name: string }> }) {
  const member = await getActingMember();
  if (!member) return NextResponse.json({ detail: "Sign in to continue." }, { status: 401 });
  try {
    const { name } = await context.params;
    const query = Object.fromEntries(new URL(request.url).searchParams);
    const example = await resolveExample(member, await requestOrigin(), name, query);
    const headers = { etag: example.etag, "cache-control": "private, max-age=31536000, immutable" };
    const seen = request.headers.get("if-none-match");
    if (seen && seen.split(",").some((tag) => tag.trim().replace(/^W\//, "") === example.etag)) return new Response(null, { status: 304, headers });
    const { png, cached } = await examplePng(example);
    return new Response(new Uint8Array(png), {
      headers: { ...headers, "content-type": "image/png", "content-length": String(png.length), "x-example-cache": cached ? "hit" : "miss" },
    });
  } catch (error) {
    if (isPortalError(error)) return NextResponse.json({ detail: error.message, code: error.code }, { status: error.status });
    console.error("[generator-examples] unexpected error", error);
    return NextResponse.json({ detail: "Something went wrong on our side." }, { status: 500 });
  }
}
