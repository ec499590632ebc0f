import { handleGenerationApi } from "@/lib/engine/api/router";
import { createApiToken } from "@/lib/portal/api-tokens";
import type { ActingMember } from "@/lib/portal/member";

export const ORIGIN = "http://localhost:3999";

/** Calls the Generation API handler exactly as Next's route handlers do, without a socket. */
export async function api(method: string, path: string, options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {}) {
  // As every request that arrives over HTTP does: the engine signs result links on the Host asked for.
  const headers: Record<string, string> = { host: new URL(ORIGIN).host, ...options.headers };
  if (options.token) headers.authorization = `Token ${options.token}`;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["content-type"] = "application/json";
  }
  const response = await handleGenerationApi(new Request(`${ORIGIN}${path}`, { method, headers, body }));
  const text = response.headers.get("content-type")?.includes("json") ? await response.text() : "";
  return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : undefined, response };
}

export async function teamToken(owner: ActingMember): Promise<string> {
  return (await createApiToken(owner, "tests")).token;
}

export function previewJob(params: Record<string, unknown> = {}) {
  return { name: "visionfit-flagship-v0.1.0", is_preview: true, param_values: params };
}
