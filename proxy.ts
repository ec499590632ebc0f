import { NextResponse, type NextRequest } from "next/server";
import { createNonce, securityHeaders } from "@/lib/net/security-headers";

/**
 * Security headers on every response: pages, route handlers (the Generation API too),
 * downloads and static files (no matcher, so nothing is left out). A fresh CSP nonce per
 * request; the policy also goes on the *request*, which is where Next reads the nonce it puts
 * on its own scripts, and `x-nonce` carries it to our server components.
 *
 * The proxy sees the request after lib/net/forwarded-headers.ts checked it, so an
 * X-Forwarded-Proto here came from a trusted proxy.
 */
export function proxy(request: NextRequest) {
  const nonce = createNonce();
  const headers = securityHeaders({
    path: request.nextUrl.pathname,
    nonce,
    development: process.env.NODE_ENV === "development",
    https: servedOverHttps(request),
    githubSignIn: Boolean(process.env.AUTH_GITHUB_ID),
  });
  const forwarded = new Headers(request.headers);
  forwarded.set("x-nonce", nonce);
  forwarded.set("content-security-policy", headers["content-security-policy"]!);
  const response = NextResponse.next({ request: { headers: forwarded } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

function servedOverHttps(request: NextRequest): boolean {
  const configured = process.env.PUBLIC_ORIGIN?.trim();
  if (configured) return configured.startsWith("https:");
  return request.headers.get("x-forwarded-proto") === "https";
}
