import { gzipSync } from "node:zlib";
import type { Reply } from "./http-client";

type Request = (method: string, pathname: string, options?: { headers?: Record<string, string>; body?: string }) => Promise<Reply>;

function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([a-zA-Z-]+)(?:=("([^"]*)"|'([^']*)'|[^\s>]+))?/g)) out[m[1]!.toLowerCase()] = (m[3] ?? m[4] ?? m[2] ?? "").replace(/&amp;/g, "&");
  return out;
}

/**
 * Every script the page's HTML makes a current browser load: <script src>, modulepreload,
 * preload as=script. `nomodule` scripts (Next's legacy polyfills, ~39 kB gzip) are left out:
 * browsers with ES modules neither fetch nor run them.
 */
function scriptUrls(html: string): { urls: string[]; skipped: number } {
  const urls = new Set<string>();
  let skipped = 0;
  for (const [tag] of html.matchAll(/<script\b[^>]*>/gi)) {
    const a = attributes(tag);
    if (a.src && "nomodule" in a) skipped += 1;
    else if (a.src) urls.add(a.src);
  }
  for (const [tag] of html.matchAll(/<link\b[^>]*>/gi)) {
    const a = attributes(tag);
    if (a.href && (a.rel === "modulepreload" || (a.rel === "preload" && a.as === "script"))) urls.add(a.href);
  }
  return { urls: [...urls], skipped };
}

export async function firstLoadJs(request: Request, origin: string, pathname: string, cookie: string | undefined): Promise<{ status: number; total: number; raw: number; chunks: { url: string; gzip: number }[]; skipped: number }> {
  const page = await request("GET", pathname, { headers: cookie ? { cookie } : undefined });
  if (page.status !== 200) return { status: page.status, total: 0, raw: 0, chunks: [], skipped: 0 };
  const chunks: { url: string; gzip: number }[] = [];
  let raw = 0;
  const { urls, skipped } = scriptUrls(page.body.toString());
  for (const url of urls) {
    const reply = await request("GET", new URL(url, origin).pathname + new URL(url, origin).search);
    if (reply.status !== 200) throw new Error(`${url} answered HTTP ${reply.status}`);
    raw += reply.body.length;
    chunks.push({ url, gzip: gzipSync(reply.body, { level: 9 }).length });
  }
  chunks.sort((a, b) => b.gzip - a.gzip);
  return { status: 200, total: chunks.reduce((s, c) => s + c.gzip, 0), raw, chunks, skipped };
}

